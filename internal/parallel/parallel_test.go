package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestForEachVisitsEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		got := make([]int, 1000)
		err := ForEach(context.Background(), len(got), func(i int) error {
			got[i]++
			return nil
		})
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range got {
			if n != 1 {
				t.Fatalf("GOMAXPROCS=%d: index %d visited %d times", procs, i, n)
			}
		}
	}
}

func TestForEachReportsLowestFailingIndex(t *testing.T) {
	err := ForEach(context.Background(), 100, func(i int) error {
		if i%10 == 7 {
			return fmt.Errorf("fail %d", i)
		}
		return nil
	})
	if err == nil || err.Error() != "fail 7" {
		t.Errorf("got %v, want fail 7", err)
	}
}

func TestForEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	err := ForEach(ctx, 10, func(int) error { calls++; return nil })
	if !errors.Is(err, context.Canceled) || calls != 0 {
		t.Errorf("got %v after %d calls, want context.Canceled after none", err, calls)
	}
	if err := ForEach(context.Background(), 0, nil); err != nil {
		t.Errorf("empty: %v", err)
	}
}

func TestOrderedKeepsOrder(t *testing.T) {
	var got []int
	err := Ordered(context.Background(), 200, func(i int) (int, error) {
		if i%7 == 0 {
			time.Sleep(time.Millisecond) // finish out of order
		}
		return i * i, nil
	}, func(i, v int) error {
		if v != i*i {
			t.Errorf("result %d is %d, want %d", i, v, i*i)
		}
		got = append(got, i)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("consumed %v, want 0..199 in order", got)
		}
	}
}

func TestOrderedStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	consumed := 0
	err := Ordered(context.Background(), 1000, func(i int) (int, error) {
		if i == 10 {
			return 0, boom
		}
		return i, nil
	}, func(i, v int) error {
		consumed++
		return nil
	})
	if !errors.Is(err, boom) || consumed != 10 {
		t.Fatalf("err %v after %d results, want boom after 10", err, consumed)
	}
	err = Ordered(context.Background(), 1000, func(i int) (int, error) { return i, nil },
		func(i, v int) error {
			if i == 3 {
				return boom
			}
			return nil
		})
	if !errors.Is(err, boom) {
		t.Fatalf("consume's error: got %v", err)
	}
}

func TestOrderedCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	err := Ordered(ctx, 1000, func(i int) (int, error) { return i, nil },
		func(i, v int) error {
			if i == 5 {
				cancel()
			}
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// explode panics with a runtime error, as a bug in a stage would.
func explode(i int) int {
	var m map[int]int
	m[i] = i // assignment to a nil map
	return i
}

func TestForEachReturnsPanicWithStack(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := ForEach(ctx, 100, func(i int) error {
		if i == 42 {
			cancel() // a panic must not pass for the cancellation it races with
			explode(i)
		}
		return nil
	})
	var pe *PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("got %v, want a *PanicError", err)
	}
	if !strings.Contains(pe.Error(), "assignment to entry in nil map") {
		t.Errorf("message %q does not say what panicked", pe.Error())
	}
	if !strings.Contains(string(pe.Stack), "parallel.explode") {
		t.Errorf("stack does not show where it panicked:\n%s", pe.Stack)
	}
	var re runtime.Error
	if !errors.As(err, &re) {
		t.Errorf("the runtime error is not reachable through %v", err)
	}
}

func TestOrderedReturnsPanicWithStack(t *testing.T) {
	consumed := 0
	err := Ordered(context.Background(), 1000, func(i int) (int, error) {
		if i == 10 {
			return explode(i), nil
		}
		return i, nil
	}, func(i, v int) error {
		consumed++
		return nil
	})
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(string(pe.Stack), "parallel.explode") {
		t.Fatalf("got %v, want a *PanicError with the stack of explode", err)
	}
	if consumed != 10 {
		t.Errorf("consumed %d results before the panic, want 10", consumed)
	}
}

func TestRecoveredKeepsAPanicError(t *testing.T) {
	first := &PanicError{Value: "boom", Stack: []byte("stack")}
	if got := Recovered(first); got != first {
		t.Errorf("Recovered(%v) made a new error", first)
	}
	if got := Recovered("boom"); len(got.Stack) == 0 || got.Error() != "panic: boom" {
		t.Errorf("Recovered(\"boom\") = %q with %d bytes of stack", got.Error(), len(got.Stack))
	}
}
