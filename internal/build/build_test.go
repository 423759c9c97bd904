package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"

	"github.com/anthology-book/anthology/internal/testkit"
)

// samplePath is the project's sample blog.
const samplePath = "../../testdata/sample"

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.RemoveCorpora()
	os.Exit(code)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeBlog writes posts (file name to content) into a new folder.
func writeBlog(t *testing.T, posts map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range posts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRunBadInput(t *testing.T) {
	blog := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n"})
	drafts := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\ndraft: true\n---\n\nText.\n"})
	empty := t.TempDir()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"no posts", Options{Sources: []string{empty}, Formats: []string{"epub"}}, "no posts found in"},
		{"only drafts", Options{Sources: []string{drafts}, Formats: []string{"epub"}}, "every post is a draft"},
		{"a path as name", Options{Sources: []string{blog}, Formats: []string{"epub"}, Name: "../x"}, "not a plain file name"},
		{"unknown format", Options{Sources: []string{blog}, Formats: []string{"docx"}}, `unknown format "docx"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.OutputDir = t.TempDir()
			_, err := Run(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if entries, _ := os.ReadDir(tt.opts.OutputDir); len(entries) != 0 {
				t.Errorf("a failed build left %v", entries)
			}
		})
	}
}

// TestAllOrNothing checks that the books are put in place together: with
// --strict and a warning, or when a later format fails, no file is
// written, and books already there stay as they were.
func TestAllOrNothing(t *testing.T) {
	undated := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\n---\n\nText.\n"})
	out := t.TempDir()
	old := filepath.Join(out, "book.epub")
	if err := os.WriteFile(old, []byte("the old book"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]Options{
		"strict":          {Strict: true, PageSize: "a5"},
		"PDF fails":       {PageSize: "no-such-size"},
		"strict, no file": {Strict: true, PageSize: "a5", Formats: []string{"pdf"}},
	} {
		t.Run(name, func(t *testing.T) {
			opts.Sources, opts.OutputDir, opts.Name, opts.Title, opts.Author = []string{undated}, out, "book", "T", "A"
			if opts.Formats == nil {
				opts.Formats = DefaultFormats()
			}
			res, err := Run(context.Background(), opts)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if res == nil || len(res.Report.Warnings) == 0 {
				t.Error("the failed build gives no report of its warnings")
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 1 || entries[0].Name() != "book.epub" {
				t.Errorf("the folder holds %v, want the old book.epub alone", entries)
			}
			if data, _ := os.ReadFile(old); string(data) != "the old book" {
				t.Error("the old book was replaced")
			}
		})
	}
}

// TestPlanStopsBeforeRendering checks that Plan makes the chapters and
// no file, and that Run's chapters are Plan's.
func TestPlanStopsBeforeRendering(t *testing.T) {
	out := t.TempDir()
	opts := Options{Sources: []string{samplePath}, OutputDir: out, Formats: DefaultFormats(), PageSize: "a5"}
	plan, err := Plan(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("Plan wrote %v", entries)
	}
	if len(plan.Book.Images) != 0 || plan.Book.Cover != nil {
		t.Error("Plan prepared images")
	}
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := chapterTitles(res.Book), chapterTitles(plan.Book); !slices.Equal(got, want) {
		t.Errorf("Run made chapters %q, Plan %q", got, want)
	}
	if len(res.Files) != 2 {
		t.Errorf("Run wrote %v", res.Files)
	}
}

func chapterTitles(b *book.Book) []string {
	var titles []string
	for _, c := range b.Chapters {
		titles = append(titles, c.Title)
	}
	return titles
}
