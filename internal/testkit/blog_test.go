package testkit

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readTree returns every file under dir by its slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestWriteBlogSameSeedSameBytes(t *testing.T) {
	opts := BlogOptions{Posts: 12, Seed: 7, Images: true, French: true}
	a, b := t.TempDir(), t.TempDir()
	if err := WriteBlog(a, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteBlog(b, opts); err != nil {
		t.Fatal(err)
	}
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files, then %d", len(fa), len(fb))
	}
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two blogs of the same seed", name)
		}
	}
	c := t.TempDir()
	opts.Seed = 8
	if err := WriteBlog(c, opts); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(fa["posts/post-0002.md"], readTree(t, c)["posts/post-0002.md"]) {
		t.Error("seeds 7 and 8 wrote the same post")
	}
}

func TestWriteBlogHasWhatABlogHas(t *testing.T) {
	dir := t.TempDir()
	if err := WriteBlog(dir, BlogOptions{Posts: 40, Seed: 1, Images: true, French: true}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	if _, ok := files["anthology.yaml"]; !ok {
		t.Error("no anthology.yaml")
	}
	var posts, jpegs, pngs int
	var all strings.Builder
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".md"):
			posts++
			s := string(data)
			if !strings.HasPrefix(s, "---\ntitle: ") || !strings.Contains(s, "\ndate: 2") || !strings.Contains(s, "\ncategories: [") {
				t.Errorf("%s: front matter lacks title, date or category:\n%.200s", name, s)
			}
			all.WriteString(s)
		case strings.HasSuffix(name, ".jpg"):
			jpegs++
		case strings.HasSuffix(name, ".png"):
			pngs++
		}
	}
	if posts != 40 || jpegs == 0 || pngs == 0 {
		t.Errorf("%d posts, %d JPEG, %d PNG; want 40 and some of each", posts, jpegs, pngs)
	}
	for _, want := range []string{"\n## ", "\n- ", "\n1. ", "\n```", "\n> ", "](post-0", "](https://example.org/",
		"[^1]", "\n[^1]: ", "](images/", "lang: fr", "tags: ["} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no post holds %q", want)
		}
	}
}

func TestWriteBlogDefaults(t *testing.T) {
	dir := t.TempDir()
	if err := WriteBlog(dir, BlogOptions{Paragraphs: 1}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	if len(files) != 11 {
		t.Errorf("%d files, want the book file and 10 posts", len(files))
	}
	for name, data := range files {
		if strings.Contains(string(data), "lang: fr") || strings.Contains(string(data), "](images/") {
			t.Errorf("%s: French or an image without asking", name)
		}
	}
}
