package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/cover"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/markup"
)

// prepareImages makes the book's cover and readies every image its posts
// show, once, for both renderers. When a printed cover is asked, it also
// returns the given cover at the resolution a printer wants (nil for a
// drawn cover). drawn, when not nil, brings the cover drawCover started.
func prepareImages(ctx context.Context, opts Options, cfg *config.Config, b *book.Book, docs markup.Docs, drawn <-chan coverResult, rep *book.Report) (*book.Asset, error) {
	opts.progress("preparing images", -1, "")
	data, name, err := readCover(opts, cfg)
	if err != nil {
		return nil, err
	}
	var print *book.Asset
	reserve := int64(drawnCoverBytes)
	if name != "" {
		if b.Cover, err = givenCover(data, name); err != nil {
			return nil, err
		}
		b.CoverGiven, reserve = true, int64(len(b.Cover.Data))
		if slices.Contains(opts.Formats, "cover") {
			if print, err = imaging.PreparePrintCover(data, name); err != nil {
				return nil, &InputError{Msg: err.Error(), Hint: "give a PNG or JPEG, ideally 300 pixels an inch of the front and its bleed"}
			}
		}
	}
	err = imaging.PrepareBook(ctx, b, docs, imaging.StageOptions{MaxBytes: opts.MaxBytes, Reserve: reserve, Fetch: fetchHook(opts.Source), SiteURL: b.BaseURL}, rep)
	if drawn != nil {
		r := <-drawn
		if err == nil {
			b.Cover, err = r.c, r.err
		}
	}
	if err != nil {
		return nil, err
	}
	return print, nil
}

// drawnCoverBytes is what the EPUB's budget keeps for a drawn cover, the
// same whether or not one is drawn, so that the images are the same for
// every format: drawn covers take 30 to 170 KB.
const drawnCoverBytes = 512 << 10

type coverResult struct {
	c   *book.Asset
	err error
}

// drawCover starts drawing the book's cover when the EPUB, the one book
// that shows a drawn cover, needs one: on a core the stages before the
// images leave idle. The book's title, author and dates must be final.
func drawCover(opts Options, cfg *config.Config, b *book.Book) <-chan coverResult {
	if opts.Cover != "" || cfg.Cover != "" || !slices.Contains(opts.Formats, "epub") {
		return nil
	}
	drawn := make(chan coverResult, 1)
	go func() {
		c, err := drawnCover(b)
		drawn <- coverResult{c, err}
	}()
	return drawn
}

// readCover reads the cover the options or the book file name; name is
// empty when they name none.
func readCover(opts Options, cfg *config.Config) (data []byte, name string, err error) {
	switch {
	case opts.Cover != "":
		name = opts.Cover
		data, err = confine.ReadFile(name, imaging.MaxFileBytes)
	case cfg.Cover != "":
		name = cfg.Cover
		data, err = bookFileCover(cfg)
	default:
		return nil, "", nil
	}
	var input *InputError
	if errors.As(err, &input) {
		return nil, name, input
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, name, &InputError{Msg: fmt.Sprintf("cover image %q not found", name)}
	}
	if refused := coverRefusal(err); refused != nil {
		return nil, name, &InputError{Msg: fmt.Sprintf("cover image %q: %v", name, refused)}
	}
	if err != nil {
		return nil, name, fmt.Errorf("read cover: %w", err)
	}
	return data, name, nil
}

// drawnCover draws a cover for the book.
func drawnCover(b *book.Book) (*book.Asset, error) {
	data, err := cover.Generate(b.Title, b.Author, cover.Years(b.Span()))
	if err != nil {
		return nil, err
	}
	return &book.Asset{Name: "images/cover.png", MediaType: imaging.PNG, Data: data}, nil
}

// givenCover prepares the cover read from name for e-readers.
func givenCover(data []byte, name string) (*book.Asset, error) {
	a, err := imaging.PrepareCover(data, name)
	if err != nil {
		return nil, &InputError{
			Msg:  err.Error(),
			Hint: "give a PNG or JPEG, ideally 1600x2560 pixels",
		}
	}
	return a, nil
}

// bookFileCover reads the cover the book file names. It must lie in the
// book file's folder: a book file may come with the blog it is found in,
// and must not make the book carry any other file of the machine.
func bookFileCover(cfg *config.Config) ([]byte, error) {
	name := filepath.ToSlash(filepath.Clean(cfg.Cover))
	if filepath.IsAbs(cfg.Cover) || !fs.ValidPath(name) {
		where := "the book file"
		if cfg.Path != "" {
			where = fmt.Sprintf("%q", cfg.Path)
		}
		return nil, &InputError{
			Msg:  fmt.Sprintf("cover: %q in %s is outside the book file's folder", cfg.Cover, where),
			Hint: "put the cover in the book file's folder and name it relative to it, or give it with --cover",
		}
	}
	dir := "."
	if cfg.Path != "" {
		dir = filepath.Dir(cfg.Path)
	}
	tree, err := confine.Dir(dir)
	if err != nil {
		return nil, err
	}
	return tree.ReadFileMax(name, imaging.MaxFileBytes)
}

// coverRefusal is why a cover file was refused unread: it is not a
// regular file, is too large, or leads out of the book file's folder.
func coverRefusal(err error) error {
	var notRegular *confine.NotRegularError
	var tooLarge *confine.TooLargeError
	switch {
	case errors.As(err, &notRegular):
		return notRegular
	case errors.As(err, &tooLarge):
		return tooLarge
	case errors.Is(err, confine.ErrOutside):
		return errors.New("a symbolic link to outside the book file's folder, not followed")
	case errors.Is(err, confine.ErrAbsoluteLink):
		return confine.ErrAbsoluteLink
	}
	return nil
}
