package imaging

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
