package reports

import (
	"image"
	"runtime"
	"sync"
)

// freeList keeps a few values of a kind for reuse, up to one per core.
// Unlike a sync.Pool it keeps them across garbage collections: drawing a
// report's charts collects garbage many times, and each image dropped in
// between would be allocated, cleared and faulted in again.
type freeList[T any] struct {
	mu    sync.Mutex
	items []T
}

// get returns a kept value, if there is one.
func (l *freeList[T]) get() (T, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var v T
	n := len(l.items)
	if n == 0 {
		return v, false
	}
	v, l.items = l.items[n-1], l.items[:n-1]
	return v, true
}

// put keeps v, unless as many values as cores are kept already.
func (l *freeList[T]) put(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) < runtime.GOMAXPROCS(0) {
		l.items = append(l.items, v)
	}
}

// rgbaImages holds the raster images charts are drawn on (a 1440 × 810
// chart is 4.7 MB). Whoever takes an image paints every pixel of it:
// vgimg fills it with the background first.
var rgbaImages freeList[*image.RGBA]

// getRGBA returns an image of w × h pixels with undefined contents, a
// kept one if it is big enough, else a new one with room for at least
// reserve pixels.
func getRGBA(w, h, reserve int) *image.RGBA {
	img, ok := rgbaImages.get()
	if !ok || cap(img.Pix) < 4*w*h {
		img = &image.RGBA{Pix: make([]uint8, 4*max(w*h, reserve))}
	}
	img.Pix = img.Pix[:4*w*h]
	img.Stride = 4 * w
	img.Rect = image.Rect(0, 0, w, h)
	return img
}

// putRGBA returns an image for reuse once nothing refers to it.
func putRGBA(img *image.RGBA) { rgbaImages.put(img) }
