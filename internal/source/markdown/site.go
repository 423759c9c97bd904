package markdown

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// siteKind is the static site generator a folder is the source of, if any.
type siteKind int

const (
	plainFolder siteKind = iota
	hugoSite
	jekyllSite
)

var hugoConfigs = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}

// detectSite tells a Hugo site (a content folder and a config file or
// folder) and a Jekyll site (_config.yml, or a _posts folder beside no
// content folder) from a plain folder of posts. A folder holding both
// _posts and content is a collection of posts from both generators: every
// Markdown file in it is a post.
func detectSite(fsys fs.FS, dir string) siteKind {
	exists := func(name string, wantDir bool) bool {
		info, err := fs.Stat(fsys, path.Join(dir, name))
		return err == nil && info.IsDir() == wantDir
	}
	// A content folder that is a link out of the site is still the site's
	// content: reading it is refused, rather than reading the site's other
	// Markdown files as posts.
	_, err := fs.Stat(fsys, path.Join(dir, "content"))
	outside := errors.Is(err, confine.ErrOutside) || errors.Is(err, confine.ErrAbsoluteLink)
	if exists("content", true) || outside {
		if exists("config/_default", true) {
			return hugoSite
		}
		for _, c := range hugoConfigs {
			if exists(c, false) {
				return hugoSite
			}
		}
	}
	if exists("_config.yml", false) || exists("_config.yaml", false) || exists("_config.toml", false) ||
		(exists("_posts", true) && !exists("content", true)) {
		return jekyllSite
	}
	return plainFolder
}

// jekyllSkip are the folders of a Jekyll site that hold no posts.
var jekyllSkip = map[string]bool{
	"_site": true, "_layouts": true, "_includes": true, "_sass": true, "_data": true,
	"_plugins": true, "vendor": true, ".jekyll-cache": true,
}

// underPosts reports whether a file of a Jekyll site is a post: posts live
// in _posts folders, everything else is a page.
func underPosts(rel string) bool {
	for _, seg := range strings.Split(path.Dir(rel), "/") {
		if seg == "_posts" {
			return true
		}
	}
	return false
}

// folderCategories are the categories Jekyll gives a post from the folders
// above its _posts folder: a/b/_posts/x.md is in a and b.
func folderCategories(rel string) []string {
	segs := strings.Split(path.Dir(rel), "/")
	for i, seg := range segs {
		if seg == "_posts" {
			var cats []string
			for _, c := range segs[:i] {
				if c != "." && c != "" {
					cats = append(cats, c)
				}
			}
			return cats
		}
	}
	return nil
}

// mergeCategories puts the folder's categories first and drops repeats.
func mergeCategories(folder, front []string) []string {
	if len(folder) == 0 {
		return front
	}
	var out []string
	for _, c := range append(folder, front...) {
		dup := false
		for _, o := range out {
			if strings.EqualFold(o, c) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// hugoAssets is a Hugo site seen as the web saw it: a site-relative image
// such as /images/x.png is found in the static folder.
type hugoAssets struct{ fs.FS }

func (h hugoAssets) Open(name string) (fs.File, error) {
	f, err := h.FS.Open(name)
	if err != nil && errors.Is(err, fs.ErrNotExist) && !strings.HasPrefix(name, "content/") {
		g, err2 := h.FS.Open(path.Join("static", name))
		if err2 == nil || !errors.Is(err2, fs.ErrNotExist) {
			return g, err2 // found, or refused (a static folder linked out of the site)
		}
	}
	return f, err
}

// isDate reports whether a front matter value is a date rather than a flag.
func isDate(v any) bool {
	switch v := v.(type) {
	case time.Time:
		return true
	case string:
		_, err := ParseDate(v)
		return err == nil
	}
	return false
}

// tagWarnings gathers what the rewriting of template tags removed, so that
// a blog with a hundred {% include %} gets one warning, counted, naming the
// post where it first shows.
type tagWarnings struct {
	byKey map[string]*tagWarning
	order []string
}

type tagWarning struct {
	source   string
	line     int
	msg      string
	count    int
	posts    int
	lastPost *book.Post
}

func newTagWarnings() *tagWarnings { return &tagWarnings{byKey: map[string]*tagWarning{}} }

func (tw *tagWarnings) add(p *book.Post, pr dialect.Problem, rep *book.Report) {
	line := p.BodyLine + pr.Line - 1
	if pr.Key == "" {
		rep.Warn(p.Source, line, "%s", pr.Msg)
		return
	}
	w, ok := tw.byKey[pr.Key]
	if !ok {
		w = &tagWarning{source: p.Source, line: line, msg: pr.Msg}
		tw.byKey[pr.Key] = w
		tw.order = append(tw.order, pr.Key)
	}
	w.count++
	if w.lastPost != p {
		w.posts++
		w.lastPost = p
	}
}

func (tw *tagWarnings) flush(rep *book.Report) {
	for _, k := range tw.order {
		w := tw.byKey[k]
		msg := w.msg
		switch {
		case w.count > 1 && w.posts > 1:
			msg += fmt.Sprintf(" (%d times in %d posts, first here)", w.count, w.posts)
		case w.count > 1:
			msg += fmt.Sprintf(" (%d times in this post, first here)", w.count)
		}
		rep.Warn(w.source, w.line, "%s", msg)
	}
	tw.byKey, tw.order = map[string]*tagWarning{}, nil
}
