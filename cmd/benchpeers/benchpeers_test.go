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
		{in: "", want: nil},
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
		{posts: 200, epub: measurement{wall: s(0.19)}, pdf: measurement{wall: s(0.5)},
			peer: &peerTimes{epub: s(4.89), pdf: s(23.8)}},
		{posts: 1000, epub: measurement{wall: s(0.5), maxRSS: 100 << 20}, pdf: measurement{wall: s(4)},
			peer: &peerTimes{epub: s(13), pdf: s(97)}},
		{posts: 10000, epub: measurement{wall: s(5.5), maxRSS: 300 << 20}, pdf: measurement{wall: s(46), maxRSS: 1100 << 20}},
	}
	images := []imageRow{{posts: 1000, photos: 500, without: measurement{wall: s(2)}, with: measurement{wall: s(5.5), maxRSS: 900 << 20}}}
	got := strings.Join(targets(results{rows: rows, images: images}), "\n")
	for _, want := range []string{
		"200 posts: EPUB at least 25× faster than pandoc: 25.7×, met",
		"200 posts: PDF at least 60× faster than pandoc + WeasyPrint: 47.6×, missed",
		"1,000 posts: EPUB at least 30× faster than pandoc: 26.0×, missed",
		"1,000 posts: PDF at least 80× faster than pandoc + WeasyPrint: 24.2×, missed",
		"10,000 posts (EPUB + PDF) in at most 11× the 1,000-post time: 11.4×, missed",
		"peak RSS under 1 GiB at 10,000 posts: 1100 MiB, missed",
		"1,000 posts with 500 photos (EPUB + PDF) in at most 3× the time without: 2.8×, met",
		"1,000 posts with 500 photos: peak RSS under 1 GiB: 900 MiB, met",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("targets lack %q:\n%s", want, got)
		}
	}
	got = strings.Join(targets(results{rows: rows[:1]}), "\n")
	for _, want := range []string{"10,000 posts: not measured", "1,000 posts against the peers: not measured (include 1000", "posts with photos: not measured (include 1000 in -images)"} {
		if !strings.Contains(got, want) {
			t.Errorf("with 200 posts alone, no %q:\n%s", want, got)
		}
	}
	got = strings.Join(targets(results{rows: rows[2:]}), "\n")
	if !strings.Contains(got, "against 1,000: not measured") || !strings.Contains(got, "1100 MiB, missed") {
		t.Errorf("10,000 posts alone:\n%s", got)
	}
}

// TestVolumesScaleAgainstVolumes checks that 10,000 posts made into
// volumes are held against 1,000 made the same way, and never against
// 1,000 made into one book.
func TestVolumesScaleAgainstVolumes(t *testing.T) {
	s := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	plain := row{posts: 1000, epub: measurement{wall: s(0.5)}, pdf: measurement{wall: s(1.5)}}
	big := row{posts: 10000, volumes: true, epub: measurement{wall: s(6), maxRSS: 500 << 20}, pdf: measurement{wall: s(19), maxRSS: 700 << 20}}
	vols := &row{posts: 1000, volumes: true, epub: measurement{wall: s(0.5)}, pdf: measurement{wall: s(2)}}
	res := results{rows: []row{plain, big}, volumes1k: vols}
	got := strings.Join(targets(res), "\n")
	if !strings.Contains(got, "in at most 11× the 1,000-post time: 10.0×, met") {
		t.Errorf("against 1,000 in volumes:\n%s", got)
	}
	var out bytes.Buffer
	report(&out, "a machine", "abc123", 1, res)
	for _, want := range []string{"| 10,000 in volumes | 6.00 s |", "| 1,000 in volumes | 0.50 s | — | — | 2.00 s |",
		"Scaling 1,000 → 10,000 posts in volumes (×10): EPUB 12.0×, PDF 9.5×, EPUB + PDF 10.0×"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	res.volumes1k = nil
	if got := strings.Join(targets(res), "\n"); !strings.Contains(got, "against 1,000: not measured") {
		t.Errorf("10,000 in volumes held against 1,000 in one book:\n%s", got)
	}
}

// TestReportImagesAndCurve checks the tables of the blogs with photos and
// of the scaling curve.
func TestReportImagesAndCurve(t *testing.T) {
	s := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	res := results{
		images: []imageRow{{posts: 1000, photos: 500, without: measurement{wall: s(2), maxRSS: 200 << 20},
			with: measurement{wall: s(5), maxRSS: 700 << 20}, unlimited: measurement{wall: s(3), maxRSS: 800 << 20}}},
		curve: []curvePoint{
			{posts: 100, both: measurement{wall: s(0.2), maxRSS: 50 << 20}},
			{posts: 10000, both: measurement{wall: s(30), maxRSS: 900 << 20}},
		},
	}
	var out bytes.Buffer
	report(&out, "a machine", "abc123", 1, res)
	for _, want := range []string{
		"| 1,000 | 500 | 2.00 s | 5.00 s | 2.5× | 3.00 s | 1.5× | 200 MiB / 700 MiB / 800 MiB |",
		"| 100 | 0.20 s | 2.00 | 1.00× | 50 MiB |",
		"| 10,000 | 30.00 s | 3.00 | 1.50× | 900 MiB |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
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
	code := run(context.Background(), []string{"-posts", "20", "-images", "6", "-peers=false", "-blogs", "testkit", "-work", t.TempDir()}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, errOut.String())
	}
	row := regexp.MustCompile(`(?m)^\| 20 \| [0-9.]+ s \| — \| — \| [0-9.]+ s \| — \| — \| \d+ MiB / \d+ MiB \|$`)
	if !row.MatchString(out.String()) || !strings.HasPrefix(out.String(), "Machine: ") {
		t.Errorf("no row for 20 posts, or no machine line:\n%s", out.String())
	}
	images := regexp.MustCompile(`(?m)^\| 6 \| 3 \| [0-9.]+ s \| [0-9.]+ s \| [0-9.]+× \| [0-9.]+ s \| [0-9.]+× \| \d+ MiB / \d+ MiB / \d+ MiB \|$`)
	if !images.MatchString(out.String()) {
		t.Errorf("no row for 6 posts with 3 photos:\n%s", out.String())
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
