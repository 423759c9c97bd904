package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
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
