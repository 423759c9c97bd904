package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// writeFeed writes a JSON Feed of n untagged items on sixty subjects, each
// sixty words drawn from its subject's words and words every item uses.
func writeFeed(tb testing.TB, n int) string {
	common := strings.Fields("today we look at the way this works and what it means for the team")
	x := uint64(1)
	next := func(m int) int {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return int(x % uint64(m))
	}
	type item struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Text      string `json:"content_text"`
		Published string `json:"date_published"`
	}
	items := make([]item, n)
	for i := range items {
		s := i % 60
		var b strings.Builder
		for range 60 {
			if next(3) == 0 {
				b.WriteString(common[next(len(common))])
			} else {
				fmt.Fprintf(&b, "w%dx%d", s, next(25))
			}
			b.WriteByte(' ')
		}
		items[i] = item{ID: fmt.Sprint(i), Title: fmt.Sprintf("Item w%dx%d %d", s, next(25), i), Text: b.String() + ".", Published: "2020-01-01T00:00:00Z"}
	}
	// The version comes first: that is how a JSON Feed is told apart.
	data, err := json.Marshal(struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		Items   []item `json:"items"`
	}{"https://jsonfeed.org/version/1.1", "Generated", items})
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "feed.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkPlanFeed runs "anthology plan" on large untagged feeds, every
// item grouped by its text; it reports the heap the process holds.
func BenchmarkPlanFeed(b *testing.B) {
	for _, n := range feedSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			feed := writeFeed(b, n)
			for b.Loop() {
				var out, errOut bytes.Buffer
				if code := run(context.Background(), []string{"plan", "-q", feed}, &out, &errOut, func(string) string { return "" }); code != 0 {
					b.Fatalf("plan: exit %d: %s", code, errOut.String())
				}
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapSys)/(1<<20), "heap-MiB")
		})
	}
}

// feedSizes are the feeds BenchmarkPlanFeed plans: 20,000 and 100,000
// items, or, with -short (as CI runs the benchmarks once), 2,000.
func feedSizes() []int {
	if testing.Short() {
		return []int{2000}
	}
	return []int{20000, 100000}
}
