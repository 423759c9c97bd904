package imaging

import (
	"image"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/testkit"
)

// TestHoldPixels checks that images whose pixels together pass the bound
// are made one after another, that small ones share it, and that an image
// larger than the bound is made, alone.
func TestHoldPixels(t *testing.T) {
	most := func(w, h, n int) int32 {
		var now, peak atomic.Int32
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				release := holdPixels(w, h)
				defer release()
				c := now.Add(1)
				for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				now.Add(-1)
			})
		}
		wg.Wait()
		return peak.Load()
	}
	if got := most(8000, 5000, 4); got != 1 {
		t.Errorf("four images of 40 million pixels: %d at once, want 1", got)
	}
	// Four small images are held at once: each waits for the others while
	// holding its pixels.
	var all sync.WaitGroup
	all.Add(4)
	done := make(chan bool)
	for range 4 {
		go func() {
			release := holdPixels(4000, 3000)
			defer release()
			all.Done()
			all.Wait()
			done <- true
		}()
	}
	for range 4 {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("four images of 12 million pixels are not held at once")
		}
	}
	if got := most(20000, 10000, 2); got != 1 {
		t.Errorf("two images of 200 million pixels: %d at once, want 1", got)
	}
}

// TestHeldSize checks that a JPEG decoded at a smaller scale holds the
// pixels of that scale, and that other images, and progressive JPEGs
// (whose coefficients are kept whole), hold all of theirs.
func TestHeldSize(t *testing.T) {
	progressive, err := os.ReadFile(filepath.Join("testdata", "progressive.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := image.Config{Width: 1600, Height: 1201}
	for _, tt := range []struct {
		data   []byte
		format string
		side   int
		w, h   int
	}{
		{encJPEG(t, photo(16, 16)), "jpeg", 731, 800, 601},
		{encJPEG(t, photo(16, 16)), "jpeg", 399, 400, 301},
		{encJPEG(t, photo(16, 16)), "jpeg", 100, 200, 151},
		{encJPEG(t, photo(16, 16)), "jpeg", 1000, 1600, 1201},
		{progressive, "jpeg", 731, 1600, 1201},
		{encPNG(t, photo(16, 16)), "png", 731, 1600, 1201},
	} {
		if w, h := heldSize(tt.data, tt.format, cfg, tt.side); w != tt.w || h != tt.h {
			t.Errorf("%s to %d: holds %dx%d, want %dx%d", tt.format, tt.side, w, h, tt.w, tt.h)
		}
	}
}

// BenchmarkShrinkPhoto makes a camera-sized photo (testkit.Photo,
// 1600×1200) 731 px long, as the 50 MB budget does for a blog of 1,000
// posts with a photo in every second one.
func BenchmarkShrinkPhoto(b *testing.B) {
	prepared := book.Asset{Name: "photo.jpg", MediaType: JPEG, Data: testkit.Photo(1600, 1200, 1), Width: 1600, Height: 1200}
	b.SetBytes(int64(len(prepared.Data)))
	for b.Loop() {
		a := prepared
		if err := shrinkTo(&a, &prepared, 731); err != nil {
			b.Fatal(err)
		}
		if a.Width != 731 {
			b.Fatalf("shrunk to %d×%d", a.Width, a.Height)
		}
	}
}
