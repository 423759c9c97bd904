// Package theme groups posts into chapters: it decides each post's theme,
// then orders the posts by date inside their chapter and the chapters by
// their first post.
package theme

import (
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// Other is the chapter of posts that have no theme.
const Other = "Other"

// Options tunes the grouping.
type Options struct{}

// Group assigns each post a theme and returns the chapters in book order.
// The result depends only on the posts' content, not on their order.
func Group(posts []*book.Post, opts Options) []*book.Chapter {
	byTheme := map[string]*book.Chapter{}
	var chapters []*book.Chapter
	for _, p := range posts {
		p.Theme, p.ThemeReason = themeOf(p)
		c := byTheme[p.Theme]
		if c == nil {
			c = &book.Chapter{Title: p.Theme}
			byTheme[p.Theme] = c
			chapters = append(chapters, c)
		}
		c.Posts = append(c.Posts, p)
	}
	for _, c := range chapters {
		SortPosts(c.Posts)
	}
	sort.SliceStable(chapters, func(i, j int) bool { return chapterBefore(chapters[i], chapters[j]) })
	return chapters
}

// themeOf is the placeholder rule: first category, else first tag.
func themeOf(p *book.Post) (theme, reason string) {
	for _, c := range p.Categories {
		if c = strings.TrimSpace(c); c != "" {
			return c, "category"
		}
	}
	for _, t := range p.Tags {
		if t = strings.TrimSpace(t); t != "" {
			return t, "tag"
		}
	}
	return Other, "none"
}

// SortPosts orders posts by date, then title, then source, so the order is
// total; undated posts come last.
func SortPosts(posts []*book.Post) {
	sort.SliceStable(posts, func(i, j int) bool { return PostBefore(posts[i], posts[j]) })
}

// PostBefore is the book's order of posts.
func PostBefore(a, b *book.Post) bool {
	if a.Dated() != b.Dated() {
		return a.Dated()
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Source < b.Source
}

// chapterBefore orders chapters by their first post; chapters with no
// dated post come last, by title.
func chapterBefore(a, b *book.Chapter) bool {
	pa, pb := a.Posts[0], b.Posts[0]
	if pa.Dated() != pb.Dated() {
		return pa.Dated()
	}
	if pa.Dated() && !pa.Date.Equal(pb.Date) {
		return pa.Date.Before(pb.Date)
	}
	return a.Title < b.Title
}
