package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/cover"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/markup"
)

// prepareImages makes the book's cover and readies every image its posts
// show, once, for both renderers.
func prepareImages(ctx context.Context, opts Options, cfg *config.Config, b *book.Book, docs markup.Docs, rep *book.Report) error {
	opts.progress("preparing images", -1, "")
	c, given, err := bookCover(opts, cfg, b)
	if err != nil {
		return err
	}
	b.Cover, b.CoverGiven = c, given
	return imaging.PrepareBook(ctx, b, docs, imaging.StageOptions{MaxBytes: opts.MaxBytes, Reserve: int64(len(c.Data)), Fetch: fetchHook(opts.Source)}, rep)
}

// bookCover returns the cover the options or the book file name, prepared
// for e-readers, else one drawn for the book. given reports whether the
// blogger gave it.
func bookCover(opts Options, cfg *config.Config, b *book.Book) (c *book.Asset, given bool, err error) {
	name := opts.Cover
	if name == "" && cfg.Cover != "" {
		name = cfg.Cover
		if !filepath.IsAbs(name) && cfg.Path != "" {
			name = filepath.Join(filepath.Dir(cfg.Path), name)
		}
	}
	if name == "" {
		data, err := cover.Generate(b.Title, b.Author, cover.Years(b.Span()))
		if err != nil {
			return nil, false, err
		}
		return &book.Asset{Name: "images/cover.png", MediaType: imaging.PNG, Data: data}, false, nil
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, &InputError{Msg: fmt.Sprintf("cover image %q not found", name)}
	}
	if err != nil {
		return nil, false, fmt.Errorf("read cover: %w", err)
	}
	a, err := imaging.PrepareCover(data, name)
	if err != nil {
		return nil, false, &InputError{
			Msg:  err.Error(),
			Hint: "give a PNG or JPEG, ideally 1600x2560 pixels",
		}
	}
	return a, true, nil
}
