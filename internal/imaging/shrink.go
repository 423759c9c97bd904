package imaging

import (
	"bytes"
	"fmt"
	"image"
	"sort"

	"github.com/anthology-book/anthology/internal/book"
)

// DefaultMaxBytes is the EPUB size --max-size defaults to: the largest
// file Amazon's Send to Kindle takes.
const DefaultMaxBytes = 50 << 20

// minShrinkSide is the long side under which Shrink stops making an image
// smaller: below it a photo no longer shows what it showed.
const minShrinkSide = 480

// shrinkQuality is the JPEG quality of images Shrink makes smaller.
const shrinkQuality = 75

// Shrink makes the images among assets smaller, the largest first, until
// their total size is at most budget bytes or none can shrink further, and
// returns the total size. Each step takes a quarter off the long side of
// the largest image (JPEGs also go to quality 75), from its prepared
// bytes, so that quality is lost once, not at every step. Media types and
// names do not change. Assets that are not JPEG or PNG are counted but
// left alone.
func Shrink(assets []*book.Asset, budget int64) (int64, error) {
	type state struct {
		img  image.Image
		side int
		done bool
	}
	states := make([]state, len(assets))
	for {
		total := TotalSize(assets)
		if total <= budget {
			return total, nil
		}
		i := -1
		for j, a := range assets {
			if states[j].done || (a.MediaType != JPEG && a.MediaType != PNG) {
				continue
			}
			if i < 0 || len(a.Data) > len(assets[i].Data) || (len(a.Data) == len(assets[i].Data) && a.Name < assets[i].Name) {
				i = j
			}
		}
		if i < 0 {
			return total, nil
		}
		a, s := assets[i], &states[i]
		if s.img == nil {
			img, _, err := image.Decode(bytes.NewReader(a.Data))
			if err != nil {
				return total, fmt.Errorf("shrink image %q: %w", a.Name, err)
			}
			s.img = img
			s.side = max(img.Bounds().Dx(), img.Bounds().Dy())
		}
		s.side = s.side * 3 / 4
		if s.side < minShrinkSide {
			s.done = true
			continue
		}
		small := fit(s.img, s.side)
		var out []byte
		var err error
		if a.MediaType == JPEG {
			out, err = encodeJPEG(small, shrinkQuality)
		} else {
			out, err = encodePNG(small)
		}
		if err != nil {
			return total, fmt.Errorf("shrink image %q: %w", a.Name, err)
		}
		if len(out) < len(a.Data) {
			a.Data = out
		}
	}
}

// TotalSize is the sum of the assets' sizes in bytes.
func TotalSize(assets []*book.Asset) int64 {
	var n int64
	for _, a := range assets {
		n += int64(len(a.Data))
	}
	return n
}

// Largest returns up to n assets, largest first (ties by name), for the
// message that says which images keep a book over its size.
func Largest(assets []*book.Asset, n int) []*book.Asset {
	sorted := append([]*book.Asset(nil), assets...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if len(sorted[i].Data) != len(sorted[j].Data) {
			return len(sorted[i].Data) > len(sorted[j].Data)
		}
		return sorted[i].Name < sorted[j].Name
	})
	return sorted[:min(n, len(sorted))]
}
