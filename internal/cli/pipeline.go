package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/build"
	"github.com/anthology-book/anthology/internal/config"
)

// bookOptions say which book to make: the flags compile and plan share.
type bookOptions struct {
	sources    []string
	configPath string
	title      string
	author     string
	lang       string
	drafts     bool
	strict     bool
	themeFlags
	sourceFlags
}

func (o *bookOptions) addFlags(f *pflag.FlagSet) {
	f.StringVarP(&o.configPath, "config", "c", "", "book file (default: ./anthology.yaml, else anthology.yaml in the first SOURCE folder)")
	f.StringVar(&o.title, "title", "", "book title (default: the book file's, else the site config's, else the first SOURCE's name, or its folder's for src, public, v2…)")
	f.StringVar(&o.author, "author", "", "book author (default: the book file's, else the site config's, else the author of at least half the posts)")
	f.StringVar(&o.lang, "lang", "", `book language, e.g. "en" or "fr" (default: the book file's, else the site config's, else the posts' most common, else "en"); a multilingual Hugo or Zola site is read in this language when it has it, else in its default one`)
	f.BoolVar(&o.drafts, "drafts", false, "include drafts and posts dated after the build date")
	f.BoolVar(&o.strict, "strict", false, "treat warnings as errors: then nothing is written")
	o.themeFlags.addFlags(f)
	o.sourceFlags.addFlags(f)
}

// buildOptions maps the flags, the book file and the environment onto
// what the build takes.
func (o *bookOptions) buildOptions(g *globalOptions) (build.Options, error) {
	cfg, err := loadConfig(o)
	if err != nil {
		return build.Options{}, err
	}
	date, err := buildDate(g)
	if err != nil {
		return build.Options{}, err
	}
	src := sourceOptions(cfg)
	o.sourceFlags.apply(&src)
	return build.Options{
		Sources:  o.sources,
		BookFile: cfg,
		Title:    o.title,
		Author:   o.author,
		Lang:     o.lang,
		Drafts:   o.drafts,
		Strict:   o.strict,
		Date:     date,
		Themes:   o.themeFlags.options(),
		Source:   src,
		TuneGC:   g.getenv("GOGC") == "",
		FontDirs: fontDirs(g),
	}, nil
}

// fontDirs are the folders of ANTHOLOGY_FONT_DIRS, when set, searched for
// installed fonts instead of fontconfig's; "none" names none.
func fontDirs(g *globalOptions) []string {
	v := strings.TrimSpace(g.getenv("ANTHOLOGY_FONT_DIRS"))
	if v == "" {
		return nil
	}
	dirs := []string{}
	for _, d := range filepath.SplitList(v) {
		if d != "" && d != "none" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// loadConfig reads the book file the options name, or the one found in the
// usual places, or returns an empty one.
func loadConfig(o *bookOptions) (*config.Config, error) {
	if o.configPath != "" {
		c, err := config.Load(o.configPath)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, userError{msg: fmt.Sprintf("book file %q not found", o.configPath)}
		}
		return c, err
	}
	candidates := []string{config.DefaultName}
	if len(o.sources) > 0 {
		if info, err := os.Stat(o.sources[0]); err == nil && info.IsDir() {
			candidates = append(candidates, filepath.Join(o.sources[0], config.DefaultName))
		}
	}
	for _, path := range candidates {
		if _, err := os.Stat(path); err == nil {
			return config.Load(path)
		}
	}
	return &config.Config{}, nil
}

// buildDate is SOURCE_DATE_EPOCH when set; zero lets the build take the
// newest post's date.
func buildDate(g *globalOptions) (time.Time, error) {
	s := strings.TrimSpace(g.getenv("SOURCE_DATE_EPOCH"))
	if s == "" {
		return time.Time{}, nil
	}
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, userError{msg: fmt.Sprintf("SOURCE_DATE_EPOCH=%q is not a number of seconds", s)}
	}
	// Dates past year 9999 have no place in an EPUB's metadata.
	const maxEpoch = 253402300799 // 9999-12-31T23:59:59Z
	if secs < 0 || secs > maxEpoch {
		return time.Time{}, userError{msg: fmt.Sprintf("SOURCE_DATE_EPOCH=%q is out of range (0 to %d)", s, maxEpoch)}
	}
	return time.Unix(secs, 0).UTC(), nil
}

// printReport prints the warnings and, with -v, the notes.
func printReport(g *globalOptions, rep *book.Report) {
	if rep == nil {
		return
	}
	if !g.quiet {
		for _, w := range rep.Warnings {
			fmt.Fprintf(g.stderr, "warning: %s\n", w)
		}
	}
	if g.verbose {
		for _, n := range rep.Notes {
			fmt.Fprintf(g.stderr, "%s\n", n)
		}
	}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
