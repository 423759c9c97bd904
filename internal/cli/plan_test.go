package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planJSON runs plan --json with args and returns its chapters as lines
// "chapter: post, post".
func planJSON(t *testing.T, args ...string) []string {
	t.Helper()
	code, stdout, stderr := compile(t, nil, append([]string{"plan", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("plan %v: exit %d: %s", args, code, stderr)
	}
	var p plan
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatalf("plan --json output: %v\n%s", err, stdout)
	}
	return chapterLines(p)
}

func chapterLines(p plan) []string {
	var lines []string
	for _, c := range p.Chapters {
		var titles []string
		for _, post := range c.Posts {
			titles = append(titles, post.Title)
		}
		lines = append(lines, c.Title+": "+strings.Join(titles, ", "))
	}
	return lines
}

// The check 3: plan --write, then compile -c with that file, gives
// the same chapters; the written file keeps the book file's other settings.
func TestPlanWriteThenCompile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "anthology.yaml")
	want := planJSON(t, samplePath, "--write", file)
	if len(want) < 3 {
		t.Fatalf("plan found %d chapters: %v", len(want), want)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"title: Cloud in the Alps", "# Book file for the sample blog", "themes:", "keywords:", "\n# Chapters, in book order"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("written book file lacks %q:\n%s", s, data)
		}
	}
	if got := planJSON(t, samplePath, "-c", file); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("plan -c written file:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", samplePath, "-c", file, "-o", out, "-q")
	if code != 0 {
		t.Fatalf("compile -c: exit %d: %s", code, stderr)
	}
	var got []string
	for _, c := range readNav(t, readEPUB(t, filepath.Join(out, "cloud-in-the-alps.epub"))) {
		var titles []string
		for _, p := range c.Children {
			titles = append(titles, strings.TrimSpace(p.Link.Title))
		}
		got = append(got, strings.TrimSpace(c.Link.Title)+": "+strings.Join(titles, ", "))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("compile -c written file:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The check 2, end to end: renamed files, read in another order,
// give the same plan.
func TestPlanIgnoresFileNames(t *testing.T) {
	want := planJSON(t, samplePath)
	names, err := filepath.Glob(filepath.Join(samplePath, "posts", "*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("sample posts: %v", err)
	}
	dir := t.TempDir()
	for i, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// Reversed numbering puts the files in the opposite order.
		renamed := fmt.Sprintf("%02d-post.md", len(names)-i)
		if err := os.WriteFile(filepath.Join(dir, renamed), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := planJSON(t, dir, "-c", filepath.Join(samplePath, "anthology.yaml")); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("plan of renamed files:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--chapter-order", "random"}, exitUsage, `unknown chapter order "random"`},
		{[]string{"--chapters", "-1"}, exitUsage, "--chapters must be 0 or more"},
		{[]string{"--min-chapter-size", "0"}, exitUsage, "--min-chapter-size must be 1 or more"},
		{[]string{"--chapter-order", "title"}, exitOK, "1. Azure"},
		{[]string{"--min-chapter-size", "3"}, exitOK, "[cluster]"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := compile(t, nil, append(append([]string{"plan"}, tt.args...), samplePath)...)
			if code != tt.code || !strings.Contains(stdout+stderr, tt.want) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s%s", code, tt.code, tt.want, stdout, stderr)
			}
		})
	}
}

func TestPlanBadBookFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "anthology.yaml")
	if err := os.WriteFile(file, []byte("themes:\n  - name: Go\n  - name: go\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := compile(t, nil, "plan", "-c", file, samplePath)
	if code != exitError || !strings.Contains(stderr, file) || !strings.Contains(stderr, `themes "Go" and "go" have the same name`) {
		t.Errorf("exit %d, stderr %q: want exit 1 naming the file and the themes", code, stderr)
	}
}

func TestPlanWriteIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		name := filepath.Join(dir, fmt.Sprintf("%d.yaml", i))
		planJSON(t, samplePath, "--write", name)
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = data
	}
	if string(files[0]) != string(files[1]) {
		t.Errorf("two plan --write runs differ:\n%s\n---\n%s", files[0], files[1])
	}
}

// plan --json says why a chapter found by text has its name and how
// firmly each of its posts belongs to it.
func TestPlanJSONWordsAndScores(t *testing.T) {
	code, stdout, stderr := compile(t, nil, "plan", "--json", samplePath)
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	var p plan
	if err := json.Unmarshal([]byte(stdout), &p); err != nil {
		t.Fatal(err)
	}
	clustered := 0
	for _, c := range p.Chapters {
		byText := false
		for _, post := range c.Posts {
			if post.Reason != "cluster" {
				if post.Score != 0 {
					t.Errorf("%q (%s) has a score %v", post.Title, post.Reason, post.Score)
				}
				continue
			}
			byText = true
			clustered++
			if post.Score <= 0 || post.Score > 1 {
				t.Errorf("%q in %q: score %v, want in (0, 1]", post.Title, c.Title, post.Score)
			}
		}
		if byText && c.Title != "Other" {
			if len(c.Words) == 0 {
				t.Errorf("chapter %q found by text lists no words", c.Title)
				continue
			}
			// The title is made of these words, or of the phrase that
			// joins them, which begins the same.
			if w := []rune(strings.ToLower(c.Words[0])); !strings.Contains(strings.ToLower(c.Title), string(w[:min(4, len(w))])) {
				t.Errorf("chapter %q is not named from its first word %q", c.Title, c.Words[0])
			}
		}
	}
	if clustered == 0 {
		t.Fatal("no post of the sample is grouped by text")
	}
}
