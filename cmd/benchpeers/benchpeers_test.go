package main

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/tooltest"
)

func TestPostCounts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		bad  bool
	}{
		{in: "1000", want: []int{1000}},
		{in: "10000, 1000", want: []int{1000, 10000}},
		{in: "1_000,1000", want: []int{1000}},
		{in: "0", bad: true},
		{in: "many", bad: true},
		{in: "100,", bad: true},
	} {
		var p postCounts
		err := p.Set(tc.in)
		if (err != nil) != tc.bad {
			t.Errorf("Set(%q): error %v, want error: %v", tc.in, err, tc.bad)
			continue
		}
		if !tc.bad && !slices.Equal(p, tc.want) {
			t.Errorf("Set(%q) = %v, want %v", tc.in, p, tc.want)
		}
	}
}

func TestParsePeerTimes(t *testing.T) {
	p, err := parsePeerTimes([]byte("epub 13.2\npdf 96.875\n"), true)
	if err != nil {
		t.Fatal(err)
	}
	if p.epub != 13200*time.Millisecond || p.pdf != 96875*time.Millisecond {
		t.Errorf("got %v and %v, want 13.2s and 1m36.875s", p.epub, p.pdf)
	}
	if _, err := parsePeerTimes([]byte("epub 1.5\n"), true); err == nil {
		t.Error("no pdf line: no error")
	}
	if p, err := parsePeerTimes([]byte("epub 1.5\n"), false); err != nil || p.epub != 1500*time.Millisecond {
		t.Errorf("EPUB only: %v, %v", p, err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{7: "7", 100: "100", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTargets(t *testing.T) {
	s := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	rows := []row{
		{posts: 1000, epub: measurement{wall: s(0.5), maxRSS: 100 << 20}, pdf: measurement{wall: s(4)},
			peer: &peerTimes{epub: s(13), pdf: s(97)}},
		{posts: 10000, epub: measurement{wall: s(5.5), maxRSS: 300 << 20}, pdf: measurement{wall: s(46), maxRSS: 1100 << 20}},
	}
	got := strings.Join(targets(rows), "\n")
	for _, want := range []string{
		"EPUB at least 20× faster than pandoc: 26.0×, met",
		"PDF at least 50× faster than pandoc + WeasyPrint: 24.2×, missed",
		"10,000 posts (EPUB + PDF) in at most 11× the 1,000-post time: 11.4×, missed",
		"peak RSS under 1 GiB at 10,000 posts: 1100 MiB, missed",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("targets lack %q:\n%s", want, got)
		}
	}
	if got := strings.Join(targets(rows[:1]), "\n"); !strings.Contains(got, "10,000 posts: not measured") {
		t.Errorf("without 10,000 posts:\n%s", got)
	}
	got = strings.Join(targets(rows[1:]), "\n")
	if !strings.Contains(got, "against 1,000: not measured") || !strings.Contains(got, "1100 MiB, missed") {
		t.Errorf("10,000 posts alone:\n%s", got)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-posts", "x"}, {"-runs", "0"}, {"extra"}, {"-nope"}, {"-blogs", "other"}, {"-blogs", "testkit"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, &out, &errOut); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, errOut.String())
		}
	}
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, &bytes.Buffer{}, &errOut); code != 0 || !strings.Contains(errOut.String(), "-peers") {
		t.Errorf("--help: exit %d:\n%s", code, errOut.String())
	}
}

// TestMeasureAnthologyAlone runs the whole program on a small blog without
// the peers: it builds anthology, makes both books and prints their row.
func TestMeasureAnthologyAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds anthology")
	}
	tooltest.Need(t, "go")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-posts", "20", "-peers=false", "-blogs", "testkit", "-work", t.TempDir()}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	row := regexp.MustCompile(`(?m)^\| 20 \| [0-9.]+ s \| — \| — \| [0-9.]+ s \| — \| — \| \d+ MiB / \d+ MiB \|$`)
	if !row.MatchString(out.String()) || !strings.HasPrefix(out.String(), "Machine: ") {
		t.Errorf("no row for 20 posts, or no machine line:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "not measured (-peers=false)") && !strings.Contains(out.String(), "not measured (include 1000") {
		t.Errorf("targets do not say what was not measured:\n%s", out.String())
	}
}

// The peers are not run by the tests: WeasyPrint alone takes seconds on
// the smallest blog. lookTools names every missing tool.
func TestLookToolsNamesMissingTools(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := lookTools(true, true)
	if err == nil {
		t.Fatal("no tool on PATH: no error")
	}
	for _, want := range []string{"go (", "python3 (", "pandoc (apt-get install -y pandoc)", "weasyprint (", "-peers=false"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := lookTools(false, true); err == nil || strings.Contains(err.Error(), "pandoc") {
		t.Errorf("without the peers: %v", err)
	}
}
