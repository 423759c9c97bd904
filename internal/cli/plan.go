package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/build"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/theme"
)

// planOptions are the plan command's flags and arguments.
type planOptions struct {
	bookOptions
	json  bool
	write string
}

func (o *planOptions) addFlags(f *pflag.FlagSet) {
	o.bookOptions.addFlags(f)
	f.BoolVar(&o.json, "json", false, "print the plan as JSON, for scripts")
	f.StringVar(&o.write, "write", "", "write a book file with the themes found to `FILE`, to edit and compile with -c")
}

func newPlanCommand(g *globalOptions) *cobra.Command {
	opts := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [flags] SOURCE...",
		Short: "Show the chapters the book would have, and why",
		Long: `Show the chapters the book would have: each chapter in order with its posts
(date or "undated", title, and why the post is there), then the warnings.
Nothing is rendered.

Why a post is in its chapter, in the order themes are decided:
  rule      the book file pins it (posts:) or its tags match a theme (match:, aliases:)
  keywords  a theme's keywords are in its title or text
  category  it shares a category with other posts
  tag       it shares a tag with other posts
  cluster   its text is close to the other posts' (no usable tag)
  other     no theme fits it

Tags and categories that differ only in case, accents, plural or separators
are one theme, and so is a tag whose posts nearly all carry a more common
one; tags that name a language ("english"), mark posts ("post", "favorite")
or are on more than 80% of tagged posts are not themes; a theme of fewer
than --min-chapter-size posts folds into the nearest chapter or "Other".

--json also gives, for each chapter found by text, the words it was named
from ("words") and for each of its posts a score from 0 to 1, the post's
share of the chapter's topic ("score").

--write FILE writes a book file with one theme per chapter, commented,
keeping the other settings of the current book file. Edit it, then
"anthology compile -c FILE" makes exactly the chapters shown.

Exit codes: 0 the plan was shown, 1 the posts or book file could not be
read, 2 the command line is wrong.`,
		Example: `  anthology plan content/posts
  anthology plan --chapters 6 --write anthology.yaml content/posts
  anthology plan --json content/posts | jq '.chapters[].title'`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.sources = args
			if err := opts.themeFlags.validate(); err != nil {
				return usageError{err: err, cmd: cmd}
			}
			return runPlan(cmd.Context(), g, opts)
		},
	}
	opts.addFlags(cmd.Flags())
	return cmd
}

func runPlan(ctx context.Context, g *globalOptions, o *planOptions) error {
	opts, err := o.buildOptions(g)
	if err != nil {
		return err
	}
	res, err := build.Plan(ctx, opts)
	if err != nil {
		return err
	}
	b, rep := res.Book, res.Report
	if o.write != "" {
		if err := writePlan(o, opts, res); err != nil {
			return err
		}
	}
	p := newPlan(b, rep)
	if o.json {
		enc := json.NewEncoder(g.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(p); err != nil {
			return err
		}
	} else if !g.quiet {
		p.print(g.stdout)
	}
	if g.verbose {
		for _, n := range rep.Notes {
			fmt.Fprintln(g.stderr, n)
		}
	}
	if o.write != "" && !g.quiet && !o.json {
		fmt.Fprintf(g.stdout, "\nwrote %s: %d theme%s\n", o.write, len(b.Chapters), plural(len(b.Chapters)))
	}
	if o.strict && len(rep.Warnings) > 0 {
		return userError{
			msg:  fmt.Sprintf("%d warning%s and --strict is set", len(rep.Warnings), plural(len(rep.Warnings))),
			hint: "fix what the warnings say, or leave out --strict",
		}
	}
	return nil
}

// plan is what the plan command shows, and its JSON form. It names no
// file of a post, so that renaming files changes nothing in the chapters;
// warnings do, to say where to look.
type plan struct {
	Chapters []planChapter  `json:"chapters"`
	Warnings []string       `json:"warnings"`
	Skipped  map[string]int `json:"skipped,omitempty"`
}

type planChapter struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Words are the telling words a chapter found by text is named from.
	Words []string   `json:"words,omitempty"`
	Posts []planPost `json:"posts"`
}

type planPost struct {
	Date   string `json:"date,omitempty"` // YYYY-MM-DD; empty when undated
	Title  string `json:"title"`
	Reason string `json:"reason"`
	// Score is a post's share of its chapter's topic, for posts grouped
	// by their text (reason "cluster").
	Score float64 `json:"score,omitempty"`
}

func newPlan(b *book.Book, rep *book.Report) plan {
	p := plan{Chapters: []planChapter{}, Warnings: []string{}, Skipped: rep.Skipped}
	for _, c := range b.Chapters {
		pc := planChapter{Title: c.Title, Description: c.Description, Words: c.Words, Posts: []planPost{}}
		for _, post := range c.Posts {
			pp := planPost{Title: post.Title, Reason: post.ThemeReason, Score: math.Round(post.ThemeScore*1000) / 1000}
			if post.Dated() {
				pp.Date = post.Date.Format("2006-01-02")
			}
			pc.Posts = append(pc.Posts, pp)
		}
		p.Chapters = append(p.Chapters, pc)
	}
	for _, w := range rep.Warnings {
		p.Warnings = append(p.Warnings, w.String())
	}
	// Sources are read in parallel and in file order: sorting keeps the
	// plan the same however the files come.
	sort.Strings(p.Warnings)
	return p
}

func (p plan) print(w io.Writer) {
	for i, c := range p.Chapters {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. %s (%d post%s)\n", i+1, c.Title, len(c.Posts), plural(len(c.Posts)))
		if c.Description != "" {
			fmt.Fprintf(w, "   %s\n", c.Description)
		}
		for _, post := range c.Posts {
			date := post.Date
			if date == "" {
				date = "undated"
			}
			fmt.Fprintf(w, "   %-10s  %s  [%s]\n", date, post.Title, post.Reason)
		}
	}
	if len(p.Skipped) > 0 {
		var parts []string
		for _, r := range sortedKeys(p.Skipped) {
			parts = append(parts, leftOut(p.Skipped[r], r))
		}
		fmt.Fprintf(w, "\nleft out: %s\n", strings.Join(parts, ", "))
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(w, "\nwarnings:\n")
		for _, s := range p.Warnings {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
}

// writePlan writes the book file of --write: the current book file's
// settings, if any, with its themes replaced by the plan's.
func writePlan(o *planOptions, opts build.Options, res *build.Result) error {
	cfg, b := opts.BookFile, res.Book
	rules, err := build.SuggestThemes(opts, res)
	if err != nil {
		return fmt.Errorf("suggest themes: %w", err)
	}
	var base []byte
	if cfg.Path != "" {
		if base, err = os.ReadFile(cfg.Path); err != nil {
			return fmt.Errorf("read book file: %w", err)
		}
	}
	data, err := bookFileWithThemes(base, b.Chapters, rules)
	if err != nil {
		return fmt.Errorf("write themes into %q: %w", cfg.Path, err)
	}
	// The file must read back as a book file, or compile -c would fail
	// where plan succeeded.
	if _, err := config.Parse(data); err != nil {
		return fmt.Errorf("check written book file: %w", err)
	}
	err = writeAtomically(o.write, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", o.write, err)
	}
	return nil
}

const themesComment = `Chapters, in book order (compile with --chapter-order book to keep this
order; by default chapters follow their first post's date).
A post goes to the theme that matches it best: posts: pins it by slug or
title; match: and aliases: take its tags and categories (case, accents,
plurals and separators aside); keywords: look in its title and text.
Posts no theme takes are grouped by tag or by text, as "anthology plan" shows.
Written by "anthology plan --write"; edit freely.`

// bookFileWithThemes returns the book file base (YAML, possibly empty)
// with its themes replaced by rules, commented with what each chapter
// holds. Other keys and their comments stay as they were.
func bookFileWithThemes(base []byte, chapters []*book.Chapter, rules []theme.Rule) ([]byte, error) {
	var doc yaml.Node
	if len(bytes.TrimSpace(base)) > 0 {
		if err := yaml.Unmarshal(base, &doc); err != nil {
			return nil, err
		}
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
		doc.HeadComment = "Book file for anthology: what compile reads besides the posts."
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the book file is not a mapping of settings")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "themes" {
			root.Content = append(root.Content[:i], root.Content[i+2:]...)
			break
		}
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Value: "themes", HeadComment: themesComment}
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for i, r := range rules {
		seq.Content = append(seq.Content, themeNode(r, chapters[i]))
	}
	root.Content = append(root.Content, key, seq)
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	// yaml.v3 writes no blank lines; one before the themes sets them apart
	// from the settings above.
	return bytes.Replace(out.Bytes(), []byte("\n# Chapters, in book order"), []byte("\n\n# Chapters, in book order"), 1), nil
}

// themeNode is one theme of the book file, with a comment saying where
// its chapter came from.
func themeNode(r theme.Rule, c *book.Chapter) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, HeadComment: chapterComment(c)}
	add := func(key string, value *yaml.Node, comment string) {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key, HeadComment: comment}, value)
	}
	add("name", scalar(r.Name), "")
	if r.Description != "" {
		add("description", scalar(r.Description), "")
	}
	list := func(key string, values []string, comment string) {
		if len(values) == 0 {
			return
		}
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range values {
			seq.Content = append(seq.Content, scalar(v))
		}
		add(key, seq, comment)
	}
	list("match", r.Match, "")
	list("aliases", r.Aliases, "")
	list("keywords", r.Keywords, "")
	list("posts", r.Posts, "pinned: the rules above alone would put these posts elsewhere")
	return m
}

func scalar(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: s, Tag: "!!str"}
}

// chapterComment says what a chapter holds and why, in a line.
func chapterComment(c *book.Chapter) string {
	reasons := map[string]int{}
	for _, p := range c.Posts {
		reasons[p.ThemeReason]++
	}
	var parts []string
	for _, r := range sortedKeys(reasons) {
		parts = append(parts, fmt.Sprintf("%d %s", reasons[r], reasonPhrases[r]))
	}
	return fmt.Sprintf("%d post%s: %s", len(c.Posts), plural(len(c.Posts)), strings.Join(parts, ", "))
}

var reasonPhrases = map[string]string{
	theme.ReasonRule:     "by this theme's pins or tags",
	theme.ReasonKeywords: "by keywords",
	theme.ReasonCategory: "by category",
	theme.ReasonTag:      "by tag",
	theme.ReasonCluster:  "by their text",
	theme.ReasonOther:    "fitting no theme",
}
