// Package parallel runs the per-post stages of the pipeline (reading,
// parsing, rendering) on all cores while keeping their results in input
// order, so that a book does not depend on how its work was scheduled. A
// panic in a worker does not kill the program: it comes back to the caller
// as a *PanicError, like any other failure of that index.
package parallel

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// PanicError is a panic caught by a worker, or by a caller's recover with
// Recovered: a bug in anthology or a library it uses, never a mistake in
// the input.
type PanicError struct {
	// Value is what the code panicked with.
	Value any
	// Stack is the panicking goroutine's stack, where the panic happened.
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns the value panicked with when it is an error (a runtime
// error, say), so that errors.As sees it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Recovered returns v, a value recover returned, as a *PanicError holding
// the current stack; it must be called in the deferred function that
// recovered, where the stack still shows the panic. A v that already is a
// *PanicError (re-panicked) is returned as it is.
func Recovered(v any) *PanicError {
	if pe, ok := v.(*PanicError); ok {
		return pe
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// call runs fn(i), turning a panic into a *PanicError.
func call(fn func(i int) error, i int) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = Recovered(v)
		}
	}()
	return fn(i)
}

// ForEach calls fn(i) for i in [0, n) on up to GOMAXPROCS goroutines. It
// returns the error of the lowest index that failed, so the error reported
// does not depend on timing, or ctx's error if ctx ends first. A panic in
// fn is that index's error, a *PanicError, and is reported even when ctx
// ended: a bug must not pass for an interruption.
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
				errs[i] = call(fn, i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if pe, ok := err.(*PanicError); ok {
			return pe
		}
	}
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

// Ordered makes n results on up to GOMAXPROCS goroutines and hands each to
// consume in index order, as soon as it and every result before it are
// made: a consumer that is not safe for concurrent use (a zip writer, a
// page placer) gets result i while the ones after it are still being
// made (by produce). At most 2×GOMAXPROCS results wait to be consumed, so
// memory does not grow with n. It returns the first error in index order
// from produce or consume, or ctx's error if ctx ends first. A panic in
// produce is its index's error, a *PanicError; consume runs on the
// caller's goroutine, so a panic there is the caller's to recover.
func Ordered[T any](ctx context.Context, n int, produce func(i int) (T, error), consume func(i int, v T) error) error {
	if n == 0 {
		return ctx.Err()
	}
	ctx, cancel := context.WithCancel(ctx)
	type slot struct {
		v    T
		err  error
		done chan struct{}
	}
	workers := min(runtime.GOMAXPROCS(0), n)
	window := make(chan struct{}, 2*workers) // results made but not yet consumed
	slots := make([]slot, n)
	for i := range slots {
		slots[i].done = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				slots[i].err = call(func(i int) (err error) {
					slots[i].v, err = produce(i)
					return err
				}, i)
				close(slots[i].done)
			}
		})
	}
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	defer func() {
		cancel() // stops the feeder, which closes next and so ends the workers
		wg.Wait()
	}()
	for i := range slots {
		select {
		case <-slots[i].done:
		case <-ctx.Done():
			return ctx.Err()
		}
		s := &slots[i]
		v, err := s.v, s.err
		var zero T
		s.v = zero // consumed: let it go
		<-window
		if err != nil {
			return err
		}
		if err := consume(i, v); err != nil {
			return err
		}
	}
	return ctx.Err()
}
