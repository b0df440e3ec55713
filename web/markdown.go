package web

import (
	"html"
	"html/template"
	"regexp"
	"strings"
)

// markdown renders the Markdown the classroom's reports are written in
// (headings, paragraphs, lists with indented paragraphs, pipe tables,
// **bold** and `code`) as HTML. Every piece of text is escaped before any
// markup is added, so the result is safe whatever the file holds.
func markdown(md string) template.HTML {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	closeList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			flush()
			if inList && (i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "  ") && !strings.HasPrefix(lines[i+1], "- ")) {
				closeList()
			}
		case strings.HasPrefix(line, "#"):
			flush()
			closeList()
			n := len(line) - len(strings.TrimLeft(line, "#"))
			n = min(n, 6)
			tag := string(rune('0' + n))
			b.WriteString("<h" + tag + ">" + inline(strings.TrimSpace(line[n:])) + "</h" + tag + ">\n")
		case strings.HasPrefix(trim, "|"):
			flush()
			closeList()
			var rows []string
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				rows = append(rows, strings.TrimSpace(lines[i]))
			}
			i--
			b.WriteString(table(rows))
		case strings.HasPrefix(line, "- "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + inline(line[2:]) + "</li>\n")
		case inList && strings.HasPrefix(line, "  "):
			b.WriteString("<p class=\"note\">" + inline(trim) + "</p>\n")
		default:
			closeList()
			para = append(para, trim)
		}
	}
	flush()
	closeList()
	return template.HTML(b.String())
}

// table renders pipe-table rows; the second row is the alignment row.
func table(rows []string) string {
	if len(rows) < 2 {
		return "<p>" + inline(strings.Join(rows, " ")) + "</p>\n"
	}
	var align []string // per column: "l" or "r", from the alignment row
	for _, c := range cells(rows[1]) {
		a := "l"
		if strings.HasSuffix(c, ":") {
			a = "r"
		}
		align = append(align, a)
	}
	cls := func(i int) string {
		if i < len(align) {
			return ` class="` + align[i] + `"`
		}
		return ""
	}
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for i, c := range cells(rows[0]) {
		b.WriteString("<th" + cls(i) + ">" + inline(c) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows[2:] {
		b.WriteString("<tr>")
		for i, c := range cells(r) {
			b.WriteString("<td" + cls(i) + ">" + inline(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody></table>\n")
	return b.String()
}

// cells splits a table row at unescaped pipes.
func cells(row string) []string {
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	var out []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			cur.WriteByte('|')
			i++
		case row[i] == '|':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(out, strings.TrimSpace(cur.String()))
}

var (
	boldRE = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	codeRE = regexp.MustCompile("`([^`]+)`")
)

// inline escapes text, then marks up **bold** and `code`.
func inline(s string) string {
	s = html.EscapeString(s)
	s = codeRE.ReplaceAllString(s, "<code>$1</code>")
	return boldRE.ReplaceAllString(s, "<strong>$1</strong>")
}
