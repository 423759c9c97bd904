package testkit

import (
	"bytes"
	"fmt"
	"image/jpeg"
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

// TestWriteBlogPhotos checks the photos of PhotoEvery: every second post
// shows one, a distinct JPEG of the size a camera's photo is kept at, the
// same on every run, and the posts' text is that of the blog without them
// but for the photos' lines.
func TestWriteBlogPhotos(t *testing.T) {
	opts := BlogOptions{Posts: 5, Seed: 3, PhotoEvery: 2}
	a, b, none := t.TempDir(), t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := WriteBlog(dir, opts); err != nil {
			t.Fatal(err)
		}
	}
	if err := WriteBlog(none, BlogOptions{Posts: 5, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	fa, fb, fn := readTree(t, a), readTree(t, b), readTree(t, none)
	var photos [][]byte
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		if strings.HasPrefix(name, "posts/images/photo-") {
			photos = append(photos, data)
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
			if err != nil || cfg.Width != PhotoWidth || cfg.Height != PhotoHeight {
				t.Errorf("%s: %dx%d, %v; want a %dx%d JPEG", name, cfg.Width, cfg.Height, err, PhotoWidth, PhotoHeight)
			}
		}
	}
	if len(photos) != 3 || bytes.Equal(photos[0], photos[1]) || bytes.Equal(photos[1], photos[2]) {
		t.Fatalf("%d photos, want 3 distinct ones (posts 1, 3 and 5)", len(photos))
	}
	for i := 1; i <= 5; i++ {
		name := fmt.Sprintf("posts/post-%04d.md", i)
		text := string(fa[name])
		link := fmt.Sprintf("(images/photo-%04d.jpg)", i)
		if strings.Contains(text, link) != (i%2 == 1) {
			t.Errorf("%s: shows %s: %v, want %v", name, link, !(i%2 == 1), i%2 == 1)
		}
		var kept []string
		for _, line := range strings.Split(text, "\n\n") {
			if !strings.Contains(line, "(images/photo-") {
				kept = append(kept, line)
			}
		}
		if strings.Join(kept, "\n\n") != string(fn[name]) {
			t.Errorf("%s: the text is not that of the blog without photos", name)
		}
	}
}
