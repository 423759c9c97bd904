package chaptereval

import (
	"math"
	"testing"
)

func TestMetrics(t *testing.T) {
	tests := []struct {
		name     string
		a, b     []int
		ari, nmi float64
		purity   float64
		moved    int
	}{
		{"same", []int{0, 0, 1, 1, 2, 2}, []int{0, 0, 1, 1, 2, 2}, 1, 1, 1, 0},
		{"renumbered", []int{0, 0, 1, 1, 2, 2}, []int{5, 5, 3, 3, 9, 9}, 1, 1, 1, 0},
		// scikit-learn: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714...
		{"split", []int{0, 0, 1, 2}, []int{0, 0, 1, 1}, 4.0 / 7, 0.8, 1, 1},
		// scikit-learn: adjusted_rand_score([0,0,0,1,1,1],[0,0,1,1,2,2]) = 0.2424...
		{"shifted", []int{0, 0, 1, 1, 2, 2}, []int{0, 0, 0, 1, 1, 1}, 8.0 / 33, 0.5158037429793889, 5.0 / 6, 2},
		{"independent", []int{0, 1, 0, 1}, []int{0, 0, 1, 1}, -0.5, 0, 0.5, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			near := func(what string, got, want float64) {
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("%s = %.6f, want %.6f", what, got, want)
				}
			}
			near("ARI", ARI(tc.a, tc.b), tc.ari)
			near("ARI reversed", ARI(tc.b, tc.a), tc.ari)
			near("NMI", NMI(tc.a, tc.b), tc.nmi)
			near("purity", Purity(tc.a, tc.b), tc.purity)
			if got := Moved(tc.a, tc.b); got != tc.moved {
				t.Errorf("moved = %d, want %d", got, tc.moved)
			}
		})
	}
}

func TestMaxAssignment(t *testing.T) {
	w := [][]float64{{1, 5, 0}, {4, 4, 0}}
	got := maxAssignment(w)
	if got[0] != 1 || got[1] != 0 {
		t.Errorf("assignment %v, want [1 0]", got)
	}
	w = [][]float64{{3}, {7}, {2}}
	got = maxAssignment(w)
	if got[0] != -1 || got[1] != 0 || got[2] != -1 {
		t.Errorf("assignment %v, want [-1 0 -1]", got)
	}
}

func TestMakeup(t *testing.T) {
	b := &Blog{Labels: []string{"notes", "art", "notes", "art", "work", "notes"}}
	g := Grouping{Groups: []int{0, 0, 0, 1, -1, 0}}
	if got, want := b.Makeup(g, 0), "notes 3, art 1"; got != want {
		t.Errorf("Makeup(0) = %q, want %q", got, want)
	}
	if got, want := b.Makeup(g, 1), "art 1"; got != want {
		t.Errorf("Makeup(1) = %q, want %q", got, want)
	}
	if got := b.Makeup(g, 2); got != "" {
		t.Errorf("Makeup(2) = %q, want nothing", got)
	}
}

func TestSameNearest(t *testing.T) {
	truth := []int{0, 0, 1, 1, 2}
	tests := []struct {
		nearest []int
		want    float64
	}{
		{[]int{1, 0, 3, 2, 0}, 0.8},  // the last has no other of its kind
		{[]int{2, 3, 0, 1, -1}, 0},   // every nearest post of another kind, or none
		{[]int{1, -1, 3, 2, 0}, 0.6}, // a post near none counts as apart
	}
	for _, tc := range tests {
		if got := SameNearest(tc.nearest, truth); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("SameNearest(%v) = %v, want %v", tc.nearest, got, tc.want)
		}
	}
	if got := SameNearest(nil, nil); got != 0 {
		t.Errorf("SameNearest of nothing = %v, want 0", got)
	}
}
