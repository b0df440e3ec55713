package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed catalogue/*.yaml
var catalogue embed.FS

// Entry describes an embedded scenario.
type Entry struct {
	Name, Title string
}

// Catalogue lists the embedded scenarios, sorted by name. The list is made
// once per process (each scenario opened for its title) and copied.
func Catalogue() []Entry {
	return slices.Clone(catalogueEntries())
}

// catalogueEntries makes the list Catalogue copies: the embedded files
// never change while the program runs.
var catalogueEntries = sync.OnceValue(func() []Entry {
	files, _ := fs.Glob(catalogue, "catalogue/*.yaml")
	sort.Strings(files)
	var out []Entry
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".yaml")
		title := ""
		if s, err := Open(name, nil); err == nil {
			title = s.Title
		}
		out = append(out, Entry{Name: name, Title: title})
	}
	return out
})

// embedded returns the bytes of an embedded scenario and whether it exists.
func embedded(name string) ([]byte, bool) {
	if strings.ContainsAny(name, `/\.`) {
		return nil, false
	}
	b, err := catalogue.ReadFile("catalogue/" + name + ".yaml")
	return b, err == nil
}
