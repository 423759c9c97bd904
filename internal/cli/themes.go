package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/theme"
)

// themeFlags tune how posts are grouped into chapters; compile and plan
// share them.
type themeFlags struct {
	chapters       int
	minChapterSize int
	chapterOrder   string
}

func (o *themeFlags) addFlags(f *pflag.FlagSet) {
	f.IntVar(&o.chapters, "chapters", 0, "about how many chapters to make (default: the posts decide)")
	f.IntVar(&o.minChapterSize, "min-chapter-size", theme.DefaultMinChapterSize, "fewest posts of a chapter found from tags or text; smaller ones fold into the nearest chapter or \"Other\"")
	f.StringVar(&o.chapterOrder, "chapter-order", "", "order of chapters: date (first post, the default), book (the book file's themes first), title or size")
}

// validate checks the flags' values before any post is read: a wrong
// value is a mistake on the command line.
func (o *themeFlags) validate() error {
	if o.chapters < 0 {
		return fmt.Errorf("--chapters must be 0 or more, got %d", o.chapters)
	}
	if o.minChapterSize < 1 {
		return fmt.Errorf("--min-chapter-size must be 1 or more, got %d", o.minChapterSize)
	}
	if _, err := theme.ParseOrder(o.chapterOrder); err != nil {
		return fmt.Errorf("--chapter-order: %w", err)
	}
	return nil
}

// options turns the validated flags into what the theme stage takes; the
// build adds the book file's themes.
func (o *themeFlags) options() theme.Options {
	order, _ := theme.ParseOrder(o.chapterOrder)
	return theme.Options{Chapters: o.chapters, MinChapterSize: o.minChapterSize, Order: order}
}
