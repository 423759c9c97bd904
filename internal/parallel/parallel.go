// Package parallel runs the per-post stages of the pipeline (reading,
// parsing, rendering) on all cores while keeping their results in input
// order, so that a book does not depend on how its work was scheduled.
package parallel

import (
	"context"
	"runtime"
	"sync"
)

// ForEach calls fn(i) for i in [0, n) on up to GOMAXPROCS goroutines. It
// returns the error of the lowest index that failed, so the error reported
// does not depend on timing, or ctx's error if ctx ends first.
func ForEach(ctx context.Context, n int, fn func(i int) error) error {
	if n == 0 {
		return ctx.Err()
	}
	errs := make([]error, n)
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
