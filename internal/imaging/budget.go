package imaging

import (
	"context"
	"fmt"
	"image"

	"golang.org/x/sync/semaphore"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/parallel"
)

// DefaultMaxBytes is the EPUB size --max-size defaults to: the largest
// file Amazon's Send to Kindle takes.
const DefaultMaxBytes = 50 << 20

// minShrinkSide is the long side under which the budget stops making
// images smaller: below it a photo no longer shows what it showed.
const minShrinkSide = 480

// shrinkQuality is the JPEG quality of images made smaller for the budget.
const shrinkQuality = 75

// What an EPUB spends besides its images, estimated on the high side so
// that the images give way a little more than needed rather than the book
// going over: the package, navigation, style sheet and front pages; for
// each post its XHTML wrapper, manifest and table of contents entries; for
// each image its zip and manifest entries. The posts' text grows by its
// markup in XHTML, then shrinks to about a third in the zip. (The sample
// blog's EPUB spends 48 KB besides its cover; this says 85 KB.)
const (
	epubBaseBytes     = 32 << 10
	epubPostBytes     = 1 << 10
	epubImageBytes    = 512
	epubTextPerSource = 0.6 // XHTML in the zip per byte of Markdown
)

// textShare estimates the bytes of an EPUB of posts without its images.
func textShare(posts []*book.Post) int64 {
	n := int64(epubBaseBytes)
	for _, p := range posts {
		n += epubPostBytes + int64(float64(len(p.Body))*epubTextPerSource)
	}
	return n
}

// imagesSize is what assets take in an EPUB.
func imagesSize(assets []*book.Asset) int64 {
	var n int64
	for _, a := range assets {
		n += int64(len(a.Data)) + epubImageBytes
	}
	return n
}

// fitBudget makes the largest images smaller until assets take at most
// budget bytes, or none can shrink further, and returns the long side they
// were brought down to (0 when all fit as they were). Every image longer
// than that side is scaled down to it from its prepared bytes, so that the
// result depends on the images alone and quality is lost once however many
// tries it takes. Media types and names do not change.
func fitBudget(ctx context.Context, assets []*book.Asset, budget int64) (int, error) {
	if imagesSize(assets) <= budget {
		return 0, nil
	}
	prepared := make([]book.Asset, len(assets))
	longest := 0
	for i, a := range assets {
		prepared[i] = *a
		longest = max(longest, a.Width, a.Height)
	}
	side := estimateSide(prepared, budget, longest)
	for {
		err := parallel.ForEach(ctx, len(assets), func(i int) error {
			return shrinkTo(assets[i], &prepared[i], side)
		})
		if err != nil {
			return 0, err
		}
		if imagesSize(assets) <= budget || side <= minShrinkSide {
			return side, nil
		}
		side = max(minShrinkSide, side*9/10)
	}
}

// estimateSide returns the longest side at which the images should fit
// budget, supposing that an image's size goes with its area; at least
// minShrinkSide and less than longest.
func estimateSide(prepared []book.Asset, budget int64, longest int) int {
	fits := func(side int) bool {
		var n float64
		for _, a := range prepared {
			size := float64(len(a.Data))
			if l := max(a.Width, a.Height); l > side {
				r := float64(side) / float64(l)
				size *= r * r
			}
			n += size + epubImageBytes
		}
		return n <= float64(budget)
	}
	lo, hi := minShrinkSide, longest-1 // the answer is in [lo, hi]
	if hi < lo || !fits(lo) {
		return minShrinkSide
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// shrinkTo sets a to its prepared image scaled to side on its long side,
// or back to the prepared image when that is no longer than side.
func shrinkTo(a, prepared *book.Asset, side int) error {
	if max(prepared.Width, prepared.Height) <= side || (a.MediaType != JPEG && a.MediaType != PNG) {
		*a = *prepared
		return nil
	}
	cfg := image.Config{Width: prepared.Width, Height: prepared.Height}
	format := "png"
	if a.MediaType == JPEG {
		format = "jpeg"
	}
	defer holdPixels(heldSize(prepared.Data, format, cfg, side))()
	img, err := decodeFor(prepared.Data, format, cfg, side)
	if err != nil {
		return fmt.Errorf("shrink image %q: %w", a.Name, err)
	}
	w, h := scaledSize(prepared.Width, prepared.Height, side)
	small := fitSize(img, w, h)
	var out []byte
	if a.MediaType == JPEG {
		out, err = encodeJPEG(small, shrinkQuality)
	} else {
		out, err = encodePNG(small)
	}
	if err != nil {
		return fmt.Errorf("shrink image %q: %w", a.Name, err)
	}
	*a = *prepared
	if len(out) < len(prepared.Data) {
		a.Data, a.Width, a.Height = out, small.Bounds().Dx(), small.Bounds().Dy()
	}
	return nil
}

// decodePixels bounds the pixels of the images being decoded and scaled at
// once, across all workers. A decoded pixel takes some 10 bytes on its way
// through (its planes, an RGBA copy unless it is a photo scaled in its
// planes, the scaled result), so this keeps the images in hand under about
// 600 MB however many cores the machine has; an image larger than the
// bound is made alone. A JPEG decoded at a smaller scale counts the pixels
// of that scale (heldSize).
const decodePixels = 64_000_000

// decoding is the pixels taken from decodePixels.
var decoding = semaphore.NewWeighted(decodePixels)

// holdPixels waits until an image of w×h pixels may be decoded, and returns
// the function that gives them back.
func holdPixels(w, h int) func() {
	n := min(int64(w)*int64(h), decodePixels)
	n = max(n, 1)
	// Acquire fails only when its context is done: Background never is.
	_ = decoding.Acquire(context.Background(), n)
	return func() { decoding.Release(n) }
}
