package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/anthology-book/anthology/internal/testkit"
)

// options are corpuscheck's flags.
type options struct {
	list      string
	repo      string
	anthology string
	work      string
	jsonOut   string
	jar       string
	timeout   time.Duration
	countOnly bool
	now       time.Time
	args      []string
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("corpuscheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: corpuscheck [flags] FOLDER | NAME=PATH[:POSTS-DIR][@GENERATOR]...")
		fmt.Fprintln(stderr, "generators: hugo, jekyll, zola, eleventy, wxr, feed (detected when not given)")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.list, "list", "", "file listing the blogs: NAME PATH [GENERATOR|- [POSTS-DIR]] a line")
	fs.StringVar(&o.repo, "repo", ".", "anthology's source tree, built once")
	fs.StringVar(&o.anthology, "anthology", "", "an anthology binary to use instead of building one")
	fs.StringVar(&o.work, "work", "", "folder for the books and logs (default: a new temporary folder)")
	fs.StringVar(&o.jsonOut, "json", "", "also write the details as JSON to this file")
	fs.StringVar(&o.jar, "epubcheck", "/usr/share/java/epubcheck.jar", "epubcheck's jar")
	fs.BoolVar(&o.countOnly, "count", false, "only count the posts each generator publishes, and say by which rule; compile nothing")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "longest compile of one blog")
	now := fs.String("now", "", "the date the generators' rules compare with (RFC 3339; default: now)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.now = time.Now()
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			return o, fmt.Errorf("read -now: %w", err)
		}
		o.now = t
	}
	o.args = fs.Args()
	if o.list == "" && len(o.args) == 0 {
		fs.Usage()
		return o, errors.New("no blogs given")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "corpuscheck:", err)
		}
		return 2
	}
	blogs, err := blogsOf(o)
	if err != nil {
		fmt.Fprintln(stderr, "corpuscheck:", err)
		return 1
	}
	if o.countOnly {
		return countOnly(blogs, o.now, stdout, stderr)
	}
	if o.work == "" {
		if o.work, err = os.MkdirTemp("", "corpuscheck-"); err != nil {
			fmt.Fprintln(stderr, "corpuscheck:", err)
			return 1
		}
	}
	bin := o.anthology
	if bin == "" {
		bin = filepath.Join(o.work, "anthology")
		fmt.Fprintf(stderr, "building anthology from %s\n", o.repo)
		if err := buildAnthology(ctx, o.repo, bin); err != nil {
			fmt.Fprintln(stderr, "corpuscheck:", err)
			return 1
		}
	}
	var results []result
	failed := false
	for _, b := range blogs {
		fmt.Fprintf(stderr, "%s: %s (%s)\n", b.Name, b.Path, b.Generator)
		r := measure(ctx, o, bin, b)
		if r.Error != "" {
			failed = true
			fmt.Fprintf(stderr, "%s: %s\n", b.Name, r.Error)
		}
		results = append(results, r)
	}
	writeTable(stdout, results)
	if o.jsonOut != "" {
		data, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(data, '\n'), 0o644); err != nil {
			fmt.Fprintln(stderr, "corpuscheck:", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "books and logs in %s\n", o.work)
	if failed {
		return 1
	}
	return 0
}

// blogsOf gathers the blogs from -list and the arguments: a spec, or a
// folder whose every blog is taken.
func blogsOf(o options) ([]blog, error) {
	var blogs []blog
	if o.list != "" {
		l, err := readList(o.list)
		if err != nil {
			return nil, err
		}
		blogs = append(blogs, l...)
	}
	for _, a := range o.args {
		if strings.Contains(a, "=") {
			b, err := parseSpec(a)
			if err != nil {
				return nil, err
			}
			blogs = append(blogs, b)
			continue
		}
		found, err := scanFolder(a)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("no blog found in %q", a)
		}
		blogs = append(blogs, found...)
	}
	for i := range blogs {
		if blogs[i].Generator == "" {
			if blogs[i].Generator = detect(blogs[i].Path); blogs[i].Generator == "" {
				return nil, fmt.Errorf("blog %q: cannot tell the generator of %q (name it with @generator)", blogs[i].Name, blogs[i].Path)
			}
		}
	}
	return blogs, nil
}

func buildAnthology(ctx context.Context, repo, bin string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/anthology")
	cmd.Dir = repo
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("build anthology in %q: %v\n%s", repo, err, out.String())
	}
	return nil
}

// result is one blog's row, with its details.
type result struct {
	Name, Generator, Path string
	Rule                  string   // what the generator's count counted
	Published             int      // posts the generator publishes
	Found                 int      // posts in the EPUB
	Built                 bool     // anthology wrote a book that could be read
	Missing, Extra        int      // published posts whose title the book lacks, and the reverse
	MissingTitles         []string `json:",omitempty"`
	ExtraTitles           []string `json:",omitempty"`
	ExitCode              int
	Error                 string `json:",omitempty"` // why the row is incomplete
	FirstError            string `json:",omitempty"` // anthology's first error line
	Warnings              int    // lines anthology printed as warnings
	EPUBCheck             epubcheckResult
	TemplateEPUB          int
	TemplatePDF           int
	TemplateExamples      []string `json:",omitempty"`
	SourceWords           int
	RecallEPUB, RecallPDF float64
	ImagesSource          int // references in the published posts
	ImagesHeld            int // of those, the ones whose file the blog's folder holds
	ImagesEPUB            int
	ImagesPDF             int
	OwnLinks              int      // absolute links to the blog's host
	SiteRelativeLinks     int      // links such as "/about/"
	LinkExamples          []string `json:",omitempty"`
	NotPrinted            int
	NotPrintedChars       string `json:",omitempty"`
	Seconds               float64
	PeakRSSMB             float64
}

// measure compiles one blog and fills its row; a failed step leaves the
// rest of the row at zero and says why in Error.
func measure(ctx context.Context, o options, bin string, b blog) result {
	r := result{Name: b.Name, Generator: b.Generator, Path: b.Path}
	s, err := published(b, o.now)
	if err != nil {
		r.Error = "count the generator's posts: " + err.Error()
	} else {
		r.Rule, r.Published = s.Rule, len(s.Posts)
	}
	out := filepath.Join(o.work, b.Name)
	if err := os.MkdirAll(out, 0o755); err != nil {
		r.Error = err.Error()
		return r
	}
	var words []string
	imageDir := b.Path
	if b.Generator == genWXR || b.Generator == genFeed {
		imageDir = filepath.Dir(exportFile(b.Path))
	}
	files := imageFiles(imageDir)
	for _, p := range s.Posts {
		words = append(words, wordsOf(sourceText(p))...)
		for _, src := range imageSources(p) {
			r.ImagesSource++
			if held(files, src) {
				r.ImagesHeld++
			}
		}
	}
	r.SourceWords = len(words)

	stderr, code, secs, rssKB, err := compile(ctx, bin, b.Path, out, o.timeout)
	r.ExitCode, r.Seconds, r.PeakRSSMB = code, secs, float64(rssKB)/1024
	_ = os.WriteFile(filepath.Join(out, "anthology.log"), stderr, 0o644)
	for _, line := range strings.Split(string(stderr), "\n") {
		l := strings.ToLower(strings.TrimSpace(line))
		if strings.HasPrefix(l, "warning") {
			r.Warnings++
		}
		if r.FirstError == "" && (strings.HasPrefix(l, "error") || strings.HasPrefix(l, "anthology: ") || strings.HasPrefix(l, "panic")) {
			r.FirstError = strings.TrimSpace(line)
		}
	}
	if err != nil {
		r.Error = err.Error()
		return r
	}
	epub, pdf := filepath.Join(out, "book.epub"), filepath.Join(out, "book.pdf")
	if code != 0 {
		r.Error = fmt.Sprintf("anthology exited with %d", code)
		return r
	}
	eb, err := readEPUB(epub)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Built, r.Found, r.ImagesEPUB = true, eb.Posts, eb.Images
	var titles []string
	for _, p := range s.Posts {
		titles = append(titles, p.Title)
	}
	missing, extra := titleDiff(titles, eb.Titles)
	r.Missing, r.Extra = len(missing), len(extra)
	r.MissingTitles, r.ExtraTitles = firstOf(missing, 10), firstOf(extra, 10)
	r.RecallEPUB = testkit.Recall(words, wordsOf(eb.Prose+"\n"+eb.Code))
	r.EPUBCheck, err = runEPUBCheck(ctx, o.jar, epub)
	if err != nil {
		r.Error = err.Error()
	}
	abs, rel := ownSiteLinks(eb.Hrefs, s.BaseURL)
	r.OwnLinks, r.SiteRelativeLinks = len(abs), len(rel)
	r.LinkExamples = firstOf(append(abs, rel...), 5)
	wordPress := b.Generator == genWXR || b.Generator == genFeed
	rendered := b.Generator == genFeed
	tplEPUB := templateLines(eb.Prose, "", wordPress, rendered)
	r.TemplateEPUB = len(tplEPUB)

	pdfText, err := testkit.PDFText(pdf, 0, 0)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.RecallPDF = testkit.Recall(words, wordsOf(pdfText))
	tplPDF := templateLines(pdfText, eb.Code, wordPress, rendered)
	r.TemplatePDF = len(tplPDF)
	r.TemplateExamples = firstOf(append(tplEPUB, tplPDF...), 8)
	if r.ImagesPDF, err = testkit.PDFImages(pdf, 0, 0); err != nil {
		r.Error = err.Error()
	}
	r.NotPrinted, r.NotPrintedChars = notPrinted(eb.Prose+"\n"+eb.Code, pdfText)
	return r
}

func firstOf(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// compile runs anthology on src, writing book.epub and book.pdf into out,
// and returns what it printed on stderr, its exit code, its wall time and
// its peak resident memory in KB. err is set only when it could not run
// or ran out of time.
func compile(ctx context.Context, bin, src, out string, timeout time.Duration) (stderr []byte, code int, secs float64, rssKB int64, err error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "compile", "-o", out, "--name", "book", "--format", "epub,pdf", src)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	runErr := cmd.Run()
	secs = time.Since(start).Seconds()
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rssKB = ru.Maxrss
		}
		code = cmd.ProcessState.ExitCode()
	}
	if ctx.Err() != nil {
		return buf.Bytes(), code, secs, rssKB, fmt.Errorf("compile stopped after %s", timeout)
	}
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return buf.Bytes(), code, secs, rssKB, fmt.Errorf("run anthology: %w", runErr)
	}
	return buf.Bytes(), code, secs, rssKB, nil
}

// countOnly prints the generator's count and its rule for each blog.
func countOnly(blogs []blog, now time.Time, stdout, stderr io.Writer) int {
	code := 0
	for _, b := range blogs {
		s, err := published(b, now)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", b.Name, err)
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "%s\t%d\t%s\n", b.Name, len(s.Posts), s.Rule)
	}
	return code
}
