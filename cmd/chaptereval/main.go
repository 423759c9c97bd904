// Command chaptereval measures anthology's chapters against the categories
// authors gave their posts, beside TF-IDF baselines at the same number of
// chapters, and prints a Markdown table (see README.md, "Chapters").
//
//	go run ./cmd/chaptereval -name til /path/to/til
//	go run ./cmd/chaptereval -name sample -labels cmd/chaptereval/testdata/sample-labels.txt testdata/sample/posts
//
// A post's category is the first folder of its path under DIR, or, with
// -labels, the one the file gives its file name.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/anthology-book/anthology/internal/chaptereval"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chaptereval:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("chaptereval", flag.ContinueOnError)
	name := fs.String("name", "", "the blog's name in the table (default: DIR)")
	labelsFile := fs.String("labels", "", "a file of `FILE CATEGORY` lines giving each post's category")
	exclude := fs.String("exclude", "", "comma-separated categories to leave out")
	trials := fs.Int("trials", 10, "posts removed one at a time to measure stability")
	baselines := fs.Bool("baselines", true, "also group with the TF-IDF baselines")
	detail := fs.Bool("detail", false, "also list each chapter's posts by the authors' category")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("want one DIR, got %d", fs.NArg())
	}
	dir := fs.Arg(0)
	if *name == "" {
		*name = dir
	}
	var labels map[string]string
	if *labelsFile != "" {
		var err error
		if labels, err = readLabels(*labelsFile); err != nil {
			return err
		}
	}
	skip := map[string]bool{}
	for _, c := range strings.Split(*exclude, ",") {
		if c = strings.TrimSpace(c); c != "" {
			skip[c] = true
		}
	}
	b, err := chaptereval.Load(context.Background(), *name, dir, labels, skip)
	if err != nil {
		return err
	}
	report(out, b, *trials, *baselines, *detail)
	return nil
}

func readLabels(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want FILE CATEGORY", path, line)
		}
		m[fields[0]] = fields[1]
	}
	return m, sc.Err()
}

func report(w io.Writer, b *chaptereval.Blog, trials int, baselines, detail bool) {
	g := b.Anthology(-1)
	s := b.Score(g)
	cat, share := b.LargestCategory()
	fmt.Fprintf(w, "### %s: %d posts, %d categories (largest %q, %.0f %%)\n\n", b.Name, len(b.Posts), b.Categories(), cat, 100*share)
	fmt.Fprintln(w, "| method | chapters | ARI | NMI | purity | largest | Other | moved (mean / worst) |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	moved := func(g chaptereval.Grouping) string {
		if trials == 0 {
			return "–"
		}
		mean, worst := b.Stability(g, trials, 1)
		return fmt.Sprintf("%.1f %% / %.1f %%", 100*mean, 100*worst)
	}
	row(w, g.Method, s, moved(g))
	if baselines {
		for _, bg := range b.Baselines(s.Chapters) {
			row(w, bg.Method, b.Score(bg), moved(bg))
		}
		ours, theirs := b.Neighbours()
		fmt.Fprintf(w, "\nNearest post in the same category: %.0f %% by anthology's words, %.0f %% by the baselines' TF-IDF.\n",
			100*ours, 100*theirs)
	}
	fmt.Fprintf(w, "\nanthology's chapters (posts): ")
	var parts []string
	count := map[int]int{}
	for _, c := range g.Groups {
		count[c]++
	}
	for ci, n := range g.Names {
		parts = append(parts, fmt.Sprintf("%s (%d)", n, count[ci]))
	}
	fmt.Fprintln(w, strings.Join(parts, "; "))
	fmt.Fprintln(w)
	if detail {
		for ci, n := range g.Names {
			fmt.Fprintf(w, "- %s: %s\n", n, b.Makeup(g, ci))
		}
		fmt.Fprintln(w)
	}
}

func row(w io.Writer, method string, s chaptereval.Scores, moved string) {
	fmt.Fprintf(w, "| %s | %d | %.2f | %.2f | %.2f | %.0f %% | %.0f %% | %s |\n",
		method, s.Chapters, s.ARI, s.NMI, s.Purity, 100*s.Largest, 100*s.Other, moved)
}
