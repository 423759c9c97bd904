package theme

import (
	"fmt"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// keywordsPerTheme is how many telling words Suggest gives a chapter found
// by clustering: enough to catch new posts on the subject, few enough to
// read and edit.
const keywordsPerTheme = 5

// Suggest turns chapters made by Group into rules for a book file, so that
// the blogger can review and edit them: a rule per chapter, in the
// chapters' order, with the tags of a chapter found from tags, the telling
// words of one found from text, and the rules of opts kept as they were.
// Posts the rules alone would place elsewhere are pinned, so that Group
// with the suggested rules (and the same options otherwise) makes exactly
// the same chapters. Suggest leaves the posts' Theme fields as it found
// them.
func Suggest(chapters []*book.Chapter, opts Options) ([]Rule, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	var posts []*book.Post
	want := map[*book.Post]int{}
	for ci, c := range chapters {
		for _, p := range c.Posts {
			want[p] = ci
			posts = append(posts, p)
		}
	}
	saved := make([][2]string, len(posts))
	for i, p := range posts {
		saved[i] = [2]string{p.Theme, p.ThemeReason}
	}
	defer func() {
		for i, p := range posts {
			p.Theme, p.ThemeReason = saved[i][0], saved[i][1]
		}
	}()

	rules := make([]Rule, len(chapters))
	sorted := append([]*book.Post(nil), posts...)
	SortPosts(sorted)
	var docs []*doc
	index := map[*book.Post]int{}
	v := newVocab(blogLangs(sorted))
	for i, p := range sorted {
		docs = append(docs, newDoc(p, opts.prose(p), v))
		index[p] = i
	}
	c := newCorpus(docs)
	pin := pinNames(sorted)
	for ci, ch := range chapters {
		if r, ok := findRule(opts.Rules, ch.Title); ok {
			r.Name = ch.Title
			rules[ci] = r
			continue
		}
		r := Rule{Name: ch.Title, Description: ch.Description}
		if ch.Title == Other {
			// Other has nothing to match by: its posts are pinned, or
			// the book file would have a theme that takes no post.
			for _, p := range ch.Posts {
				r.Posts = append(r.Posts, pin[p])
			}
		} else {
			r.Match = taxonomySpellings(ch)
			if len(r.Match) == 0 {
				var members []int
				for _, p := range ch.Posts {
					members = append(members, index[p])
				}
				sort.Ints(members)
				// A keyword few of the chapter's posts use would pull
				// in posts for the wrong reason.
				for _, st := range c.tellingTerms(members, 4*keywordsPerTheme) {
					if c.coverage(st.term, members)*3 >= float64(len(members)) && len(r.Keywords) < keywordsPerTheme {
						r.Keywords = append(r.Keywords, c.spelling(st.term))
					}
				}
			}
		}
		rules[ci] = r
	}
	sim := opts
	sim.Rules = rules
	for range len(posts) + 1 {
		got, _, err := Group(posts, sim)
		if err != nil {
			return nil, fmt.Errorf("check suggested themes: %w", err)
		}
		moved := false
		for _, gc := range got {
			for _, p := range gc.Posts {
				ci := want[p]
				if gc.Title != chapters[ci].Title {
					rules[ci].Posts = append(rules[ci].Posts, pin[p])
					moved = true
				}
			}
		}
		if !moved {
			break
		}
	}
	for i := range rules {
		sort.Strings(rules[i].Posts)
	}
	return rules, nil
}

func findRule(rules []Rule, title string) (Rule, bool) {
	for _, r := range rules {
		if FoldTerm(r.Name) == FoldTerm(title) {
			r.Match = append([]string(nil), r.Match...)
			r.Aliases = append([]string(nil), r.Aliases...)
			r.Keywords = append([]string(nil), r.Keywords...)
			r.Posts = append([]string(nil), r.Posts...)
			return r, true
		}
	}
	return Rule{}, false
}

// taxonomySpellings lists the spellings of the tags and categories that
// made a chapter, for its rule's match list.
func taxonomySpellings(ch *book.Chapter) []string {
	key := FoldTerm(ch.Title)
	seen := map[string]bool{}
	var out []string
	for _, p := range ch.Posts {
		if p.ThemeReason != ReasonTag && p.ThemeReason != ReasonCategory {
			continue
		}
		for _, t := range append(append([]string(nil), p.Categories...), p.Tags...) {
			t = strings.TrimSpace(t)
			if FoldTerm(t) == key && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// pinNames says how a book file names each post: by title when no other
// post has it, else by slug.
func pinNames(posts []*book.Post) map[*book.Post]string {
	titles := map[string]int{}
	for _, p := range posts {
		titles[titleKey(p.Title)]++
	}
	names := map[*book.Post]string{}
	for _, p := range posts {
		names[p] = p.Title
		if titles[titleKey(p.Title)] > 1 && p.Slug != "" {
			names[p] = p.Slug
		}
	}
	return names
}
