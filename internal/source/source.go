// Package source turns what the user points anthology at (folders and
// files) into book posts, choosing the reader for each source by its kind.
package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

// Options tunes how sources are read.
type Options struct{}

// Load reads every source in order and returns all their posts, drafts
// included (the pipeline decides what to leave out).
func Load(ctx context.Context, paths []string, opts Options, rep *book.Report) ([]*book.Post, error) {
	var posts []*book.Post
	for _, p := range paths {
		got, err := loadOne(ctx, p, opts, rep)
		if err != nil {
			return nil, err
		}
		posts = append(posts, got...)
	}
	return posts, nil
}

func loadOne(ctx context.Context, name string, opts Options, rep *book.Report) ([]*book.Post, error) {
	info, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &book.SourceError{File: name, Err: errors.New("no such file or folder")}
		}
		return nil, &book.SourceError{File: name, Err: err}
	}
	if info.IsDir() {
		return markdown.Load(ctx, os.DirFS(name), ".", name, rep)
	}
	if markdown.IsPostFile(name) || filepath.Ext(name) == ".md" {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, &book.SourceError{File: name, Err: err}
		}
		p, err := markdown.Parse(data, name)
		if err != nil {
			return nil, err
		}
		p.Assets, p.AssetDir = os.DirFS(filepath.Dir(name)), "."
		return []*book.Post{p}, nil
	}
	return nil, &book.SourceError{File: name, Err: fmt.Errorf("not a kind of source anthology reads (a folder of Markdown posts or a .md file)")}
}
