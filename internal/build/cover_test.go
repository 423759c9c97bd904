package build

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/imaging"
)

// TestBookCoverConfined checks where a cover may be read from: the book
// file's cover stays in the book file's folder; --cover may be anywhere,
// but only a regular file of a bounded size is read.
func TestBookCoverConfined(t *testing.T) {
	dir := t.TempDir()
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 16, 24))); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	secret := write("secret.png", pic.Bytes())
	write("blog/cover.png", pic.Bytes())
	bookFile := write("blog/anthology.yaml", nil)
	if err := os.Symlink("../secret.png", filepath.Join(dir, "blog", "link.png")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "blog", "pipe.png")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	huge := write("huge.png", nil)
	if err := os.Truncate(huge, imaging.MaxFileBytes+1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		flag, cfg string // --cover, the book file's cover:
		want      string // the error; "" for a cover read
	}{
		{"book file cover beside it", "", "cover.png", ""},
		{"book file cover up the tree", "", "../secret.png", `cover: "../secret.png" in "` + bookFile + `" is outside the book file's folder`},
		{"book file cover far up the tree", "", "img/../../../secret.png", "is outside the book file's folder"},
		{"book file cover absolute", "", secret, "is outside the book file's folder"},
		{"book file cover linked outside", "", "link.png", `cover image "link.png": a symbolic link to outside the book file's folder, not followed`},
		{"book file cover a named pipe", "", "pipe.png", `cover image "pipe.png": not a regular file but a named pipe (FIFO); only regular files are read`},
		{"--cover anywhere", secret, "", ""},
		{"--cover through a link", filepath.Join(dir, "blog", "link.png"), "", ""},
		{"--cover /dev/zero", "/dev/zero", "", `cover image "/dev/zero": not a regular file but a character device`},
		{"--cover a named pipe", fifo, "", "not a regular file but a named pipe (FIFO)"},
		{"--cover too large", huge, "", `cover image "` + huge + `": the file is 50 MB, over the limit of 50 MB`},
		{"--cover missing", filepath.Join(dir, "nope.png"), "", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Cover: tt.flag}
			cfg := &config.Config{Cover: tt.cfg, Path: bookFile}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			type result struct {
				given bool
				err   error
			}
			done := make(chan result, 1)
			go func() {
				given, err := readGivenCover(opts, cfg)
				done <- result{given, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-ctx.Done():
				t.Fatal("reading the cover did not finish")
			}
			if tt.want == "" {
				if r.err != nil || !r.given {
					t.Errorf("got %v, want the cover read", r.err)
				}
				return
			}
			var ierr *InputError
			if !errors.As(r.err, &ierr) || !strings.Contains(r.err.Error(), tt.want) {
				t.Errorf("got %v, want an input error with %q", r.err, tt.want)
			}
		})
	}
}

// readGivenCover reads and prepares the cover the options or the book file
// name, as prepareImages does.
func readGivenCover(opts Options, cfg *config.Config) (given bool, err error) {
	data, name, err := readCover(opts, cfg)
	if err != nil || name == "" {
		return false, err
	}
	_, err = givenCover(data, name)
	return err == nil, err
}
