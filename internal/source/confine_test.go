package source

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
)

// tree writes files (name -> content) below dir; a content starting with
// "->" makes a symbolic link to the rest, and "|fifo" a named pipe.
func tree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		switch {
		case strings.HasPrefix(content, "->"):
			err = os.Symlink(strings.TrimPrefix(content, "->"), p)
		case content == "|fifo":
			err = syscall.Mkfifo(p, 0o644)
		default:
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestConfinement checks that nothing outside a source's folder is read
// through a symbolic link, and that no named pipe is opened for reading.
// Each case names the file a post's asset tree is asked for and what
// comes of it.
func TestConfinement(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // below the source folder "blog"
		source  string            // below the temp folder
		media   string            // --media, below the temp folder
		asset   string            // read from the first post's asset tree
		want    string            // the asset's content, or the error's text
		warning string            // a warning of the load
	}{
		{
			name:   "image linked inside the folder",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "img/a.png": "A", "b.png": "->img/a.png"},
			source: "blog", asset: "b.png", want: "A",
		},
		{
			name:   "image linked outside",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "secret.svg": "->../secret"},
			source: "blog", asset: "secret.svg", want: "a symbolic link to outside the source folder",
		},
		{
			name:   "image linked by an absolute path",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "secret.svg": "->/etc/passwd"},
			source: "blog", asset: "secret.svg", want: "a symbolic link to outside the source folder",
		},
		{
			name:   "image in a folder linked outside",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "img": "->.."},
			source: "blog", asset: "img/secret", want: "a symbolic link to outside the source folder",
		},
		{
			name:   "named pipe as an image",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "pipe.png": "|fifo"},
			source: "blog", asset: "pipe.png", want: "not a regular file but a named pipe (FIFO)",
		},
		{
			name: "hugo static folder linked outside",
			files: map[string]string{"hugo.toml": "", "content/p.md": "---\ntitle: P\n---\n![x](/secret)",
				"static": "->.."},
			source: "blog", asset: "secret", want: "a symbolic link to outside the source folder",
		},
		{
			name:   "post linked outside",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "q.md": "->../outside.md"},
			source: "blog", asset: "p.md", want: "---\ntitle: P\n---\n",
			warning: `q.md: not read: a symbolic link to outside the source folder, not followed`,
		},
		{
			name:   "one post file: image linked outside",
			files:  map[string]string{"p.md": "---\ntitle: P\n---\n", "s.png": "->../secret"},
			source: "blog/p.md", asset: "s.png", want: "a symbolic link to outside the source folder",
		},
		{
			name:   "media folder: image linked outside",
			files:  map[string]string{"feed.json": `{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "P", "content_html": "x"}]}`, "media/s.png": "->../../secret"},
			source: "blog/feed.json", media: "blog/media", asset: "s.png", want: "a symbolic link to outside the source folder",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tree(t, dir, map[string]string{"secret": "SECRET", "outside.md": "---\ntitle: Outside\n---\n"})
			tree(t, filepath.Join(dir, "blog"), tt.files)
			opts := Options{}
			if tt.media != "" {
				opts.Media = filepath.Join(dir, tt.media)
			}
			rep := &book.Report{}
			posts, err := loadWithin(t, filepath.Join(dir, tt.source), opts, rep)
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != 1 || posts[0].Title != "P" {
				t.Fatalf("got posts %q, want P alone", titles(posts))
			}
			data, err := fs.ReadFile(posts[0].Assets, tt.asset)
			got := string(data)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) || strings.Contains(got, "SECRET") {
				t.Errorf("read %q: got %q, want %q", tt.asset, got, tt.want)
			}
			if warnings := warningText(rep); !strings.Contains(warnings, tt.warning) {
				t.Errorf("warnings %q, want %q", warnings, tt.warning)
			}
		})
	}
}

// loadWithin loads the source, failing the test if it takes long: a
// named pipe opened for reading would block for ever.
func loadWithin(t *testing.T, path string, opts Options, rep *book.Report) ([]*book.Post, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	type result struct {
		posts []*book.Post
		err   error
	}
	done := make(chan result, 1)
	go func() {
		posts, err := Load(ctx, []string{path}, opts, rep)
		done <- result{posts, err}
	}()
	select {
	case r := <-done:
		return r.posts, r.err
	case <-ctx.Done():
		t.Fatalf("loading %s did not finish", filepath.Base(path))
		return nil, nil
	}
}

func warningText(rep *book.Report) string {
	var lines []string
	for _, w := range rep.Warnings {
		lines = append(lines, w.String())
	}
	return strings.Join(lines, "\n")
}

// TestConfinementErrors checks the sources that cannot be read at all.
func TestConfinementErrors(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		source string
		media  string
		want   string
	}{
		{"named pipe as a source", map[string]string{"feed.xml": "|fifo"}, "blog/feed.xml", "",
			"feed.xml: not a regular file but a named pipe (FIFO); only regular files are read"},
		{"named pipe as a post file source", map[string]string{"p.md": "|fifo"}, "blog/p.md", "",
			"p.md: not a regular file but a named pipe (FIFO)"},
		{"hugo content folder linked outside", map[string]string{"hugo.toml": "", "content": "->../elsewhere", "archetypes/default.md": "---\ntitle: P\n---\n"}, "blog", "",
			"content: a symbolic link to outside the source folder, not followed"},
		{"device as a source", nil, "/dev/zero", "", "/dev/zero: not a regular file but a character device"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tree(t, dir, map[string]string{"elsewhere/outside.md": "---\ntitle: Outside\n---\n"})
			tree(t, filepath.Join(dir, "blog"), tt.files)
			source := tt.source
			if !filepath.IsAbs(source) {
				source = filepath.Join(dir, source)
			}
			posts, err := loadWithin(t, source, Options{}, &book.Report{})
			var se *book.SourceError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, %v; want a source error with %q", titles(posts), err, tt.want)
			}
		})
	}
}

// TestTreeKeepsToRegularFiles checks the tree directly, as the image stage
// uses it.
func TestTreeKeepsToRegularFiles(t *testing.T) {
	dir := t.TempDir()
	tree(t, dir, map[string]string{"in/a": "A", "in/link": "->a", "in/pipe": "|fifo", "in/up": "->../out", "out": "O"})
	tr, err := confine.Dir(filepath.Join(dir, "in"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"a": "A", "link": "A", "pipe": "named pipe", "up": "outside the source folder", "../out": "invalid argument", "nope": "no such file",
	} {
		data, err := fs.ReadFile(tr, name)
		got := string(data)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("ReadFile(%q) = %q, want %q", name, got, want)
		}
	}
	entries, err := fs.ReadDir(tr, ".")
	if err != nil || len(entries) != 4 || entries[0].Name() != "a" || entries[3].Name() != "up" {
		t.Errorf("ReadDir = %v, %v; want a, link, pipe, up", entries, err)
	}
}
