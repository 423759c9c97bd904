package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// options are benchpeers' flags.
type options struct {
	posts postCounts
	peers bool
	// pdfPeerLimit is the largest blog the peer PDF is made of; 0: all.
	pdfPeerLimit int
	// peerLimit is the largest blog the peers run on at all; 0: all.
	peerLimit int
	runs      int
	keep      bool
	work      string
	// blogs names the generator of the blogs: "kit" (the shared kit's
	// make_corpus.py, which the peers read) or "testkit" (the project's
	// own, internal/testkit, for anthology alone).
	blogs string
	// images are the sizes of the blogs also measured with photos, one in
	// every second post, against the same posts without.
	images postCounts
	// curve: also time anthology alone on the blogs of curveSizes.
	curve bool
	// compileArgs are added to every anthology compile.
	compileArgs []string
	// volumePages, when above zero, is the --max-pages of the blogs of
	// volumeFrom posts or more, and of the 1,000-post blog made again
	// the same way for the 10,000-post target.
	volumePages int
}

// volumeFrom is the size of the blogs made into volumes (-volume-pages).
const volumeFrom = 10000

// curveSizes are the ten sizes of the scaling curve (-curve).
var curveSizes = []int{100, 200, 500, 1000, 2000, 3000, 4000, 5000, 7500, 10000}

const usageText = `Usage: benchpeers [flags]

Times anthology compile --format epub and --format pdf on synthetic blogs
made by ../shared/bench/make_corpus.py (or, with -blogs testkit, by the
project's own generator), and the same book made by pandoc
(EPUB) and pandoc with WeasyPrint (PDF) through ../shared/bench/peer_book.py,
in one run on this machine; prints a Markdown table of seconds, ratios and
anthology's peak memory, the machine, the scaling across sizes and the
project's targets.

With -images (default 1000), it also makes a blog of that many posts with
a 1600×1200 JPEG photo in every second post, and the same posts without,
both with the project's generator (internal/testkit), and times EPUB and
PDF made in one run of each: the cost of the images. With -curve, it times
anthology alone, EPUB and PDF in one run, on blogs of ten sizes from 100 to
10,000 posts, and prints the time per post at each. Blogs of 10,000 posts
or more are made into volumes of at most -volume-pages pages, and so is
the 1,000-post blog once more: the 10,000-post target holds them against
each other.

Needs go and python3; the peers need pandoc and weasyprint
(apt-get install -y pandoc weasyprint) unless -peers=false.

Flags:
`

func (o *options) flags(name string, stderr io.Writer) *flag.FlagSet {
	f := flag.NewFlagSet(name, flag.ContinueOnError)
	f.SetOutput(stderr)
	o.posts = postCounts{200, 1000}
	f.Var(&o.posts, "posts", "numbers of posts of the blogs to measure, comma-separated, e.g. 1000,10000")
	o.images = postCounts{1000}
	f.Var(&o.images, "images", "numbers of posts of the blogs also measured with a photo in every second post against the same posts without, comma-separated; empty for none")
	f.BoolVar(&o.curve, "curve", false, "also time anthology alone (EPUB and PDF in one run) on blogs of "+strings.Trim(strings.Join(strings.Fields(fmt.Sprint(curveSizes)), ","), "[]")+" posts: the scaling curve; about 10 minutes")
	f.Func("compile-args", "more arguments for every anthology compile, space-separated, e.g. for volumes", func(v string) error {
		o.compileArgs = strings.Fields(v)
		return nil
	})
	f.IntVar(&o.volumePages, "volume-pages", 800, "make the blogs of 10,000 posts or more into volumes of at most this many pages (--max-pages), and the 1,000-post blog once more the same way, for the 10,000-post target; 0: never")
	f.BoolVar(&o.peers, "peers", true, "also time pandoc and pandoc+WeasyPrint on the same blogs")
	f.IntVar(&o.peerLimit, "peer-limit", 0, "run the peers only on blogs of at most this many posts (0: all): pandoc took over 5 minutes and 14 GB on 10,000 posts")
	f.IntVar(&o.pdfPeerLimit, "peer-pdf-limit", 1000, "make the peer PDF only of blogs of at most this many posts (0: all): WeasyPrint takes minutes per thousand posts")
	f.IntVar(&o.runs, "runs", 1, "times to run each build; the fastest counts")
	f.BoolVar(&o.keep, "keep", false, "keep the blogs, books and anthology binary, and print where")
	f.StringVar(&o.work, "work", "", "folder to work in (default: a new temporary folder, removed unless -keep)")
	f.StringVar(&o.blogs, "blogs", "kit", "what makes the blogs: kit (../shared/bench/make_corpus.py, needed by the peers) or testkit (the project's own generator; with -peers=false)")
	f.Usage = func() {
		fmt.Fprint(stderr, usageText)
		f.PrintDefaults()
		fmt.Fprint(stderr, "\nExit codes: 0 measured; 1 a tool is missing or a build failed; 2 bad flags.\n")
	}
	return f
}

// postCounts is the -posts flag: a comma-separated list of positive
// numbers, kept in increasing order without repeats.
type postCounts []int

func (p *postCounts) String() string {
	parts := make([]string, len(*p))
	for i, n := range *p {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func (p *postCounts) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		*p = nil
		return nil
	}
	var counts []int
	for _, s := range strings.Split(v, ",") {
		s = strings.ReplaceAll(strings.TrimSpace(s), "_", "")
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a number of posts", s)
		}
		counts = append(counts, n)
	}
	slices.Sort(counts)
	*p = slices.Compact(counts)
	return nil
}

// run is the program with its arguments and streams; it returns the exit
// code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	f := o.flags("benchpeers", stderr)
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if f.NArg() > 0 {
		fmt.Fprintf(stderr, "benchpeers: unexpected argument %q\n", f.Arg(0))
		return 2
	}
	if o.runs < 1 {
		fmt.Fprintln(stderr, "benchpeers: -runs must be 1 or more")
		return 2
	}
	switch {
	case o.blogs != "kit" && o.blogs != "testkit":
		fmt.Fprintf(stderr, "benchpeers: -blogs is kit or testkit, not %q\n", o.blogs)
		return 2
	case o.blogs == "testkit" && o.peers:
		fmt.Fprintln(stderr, "benchpeers: -blogs testkit needs -peers=false: the peers read the kit's blogs")
		return 2
	}
	if err := measure(ctx, &o, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "benchpeers: %v\n", err)
		return 1
	}
	return 0
}

// measure does the work: find the tools, build anthology, then measure
// each size and print the report.
func measure(ctx context.Context, o *options, stdout, stderr io.Writer) (err error) {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	var k kit
	if o.blogs == "kit" {
		if k, err = findKit(root); err != nil {
			return err
		}
	}
	tools, err := lookTools(o.peers, o.blogs == "kit")
	if err != nil {
		return err
	}
	work := o.work
	if work == "" {
		if work, err = os.MkdirTemp("", "benchpeers-"); err != nil {
			return fmt.Errorf("make work folder: %w", err)
		}
		if !o.keep {
			defer os.RemoveAll(work)
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return fmt.Errorf("make work folder: %w", err)
	}
	if o.keep {
		defer fmt.Fprintf(stderr, "kept: %s\n", work)
	}
	logf := func(format string, args ...any) { fmt.Fprintf(stderr, "benchpeers: "+format+"\n", args...) }

	bin := filepath.Join(work, "anthology")
	logf("building anthology")
	if err := buildAnthology(ctx, tools.goCmd, root, bin); err != nil {
		return err
	}
	c := compiler{bin: bin, args: o.compileArgs, runs: o.runs}
	blogs := blogMaker{ctx: ctx, kind: o.blogs, python: tools.python, kit: k, work: work, made: map[int]string{}}
	var rows []row
	for _, n := range o.posts {
		logf("generating a blog of %d posts", n)
		blog, err := blogs.blog(n)
		if err != nil {
			return err
		}
		r := row{posts: n, volumes: o.volumePages > 0 && n >= volumeFrom}
		if err := r.compile(ctx, c, blog, work, o.volumePages, logf); err != nil {
			return err
		}
		if o.peers && (o.peerLimit == 0 || n <= o.peerLimit) {
			withPDF := o.pdfPeerLimit == 0 || n <= o.pdfPeerLimit
			if withPDF {
				logf("pandoc (EPUB) and pandoc+WeasyPrint (PDF), %d posts: this takes a while", n)
			} else {
				logf("pandoc (EPUB), %d posts; no peer PDF above -peer-pdf-limit %d", n, o.pdfPeerLimit)
			}
			p, err := bestOfPeer(o.runs, func() (peerTimes, error) {
				return peerBook(ctx, tools.python, k, blog, filepath.Join(work, fmt.Sprintf("peer-%d", n)), withPDF)
			})
			if err != nil {
				return err
			}
			r.peer = &p
		}
		rows = append(rows, r)
	}
	var volumes1k *row
	if i := slices.IndexFunc(rows, func(r row) bool { return r.volumes }); i >= 0 && slices.Contains(o.posts, 1000) {
		blog, err := blogs.blog(1000)
		if err != nil {
			return err
		}
		volumes1k = &row{posts: 1000, volumes: true}
		if err := volumes1k.compile(ctx, c, blog, work, o.volumePages, logf); err != nil {
			return err
		}
	}
	var images []imageRow
	photoBlogs := map[string]bool{} // the blogs with photos made so far
	for _, n := range o.images {
		r := imageRow{posts: n, photos: (n + 1) / 2}
		for _, b := range []struct {
			every int
			args  []string
			into  *measurement
		}{{0, nil, &r.without}, {2, nil, &r.with}, {2, []string{"--max-size", "0"}, &r.unlimited}} {
			dir := filepath.Join(work, fmt.Sprintf("photos-%d-every-%d", n, b.every))
			if !photoBlogs[dir] {
				photoBlogs[dir] = true
				logf("generating a blog of %d posts, a photo in every %d (0: none)", n, b.every)
				if err := writePhotoBlog(dir, n, b.every); err != nil {
					return err
				}
			}
			logf("anthology compile --format epub,pdf %s, %d posts, a photo in every %d (0: none)", strings.Join(b.args, " "), n, b.every)
			m, err := c.with(b.args...).compile(ctx, dir, filepath.Join(work, fmt.Sprintf("out-photos-%d", n)), "epub,pdf")
			if err != nil {
				return err
			}
			*b.into = m
		}
		images = append(images, r)
	}
	var curve []curvePoint
	if o.curve {
		for _, n := range curveSizes {
			logf("scaling curve: a blog of %d posts", n)
			blog, err := blogs.blog(n)
			if err != nil {
				return err
			}
			m, err := c.compile(ctx, blog, filepath.Join(work, fmt.Sprintf("out-%d", n)), "epub,pdf")
			if err != nil {
				return err
			}
			curve = append(curve, curvePoint{posts: n, both: m})
		}
	}
	report(stdout, describeMachine(ctx, tools), describeBuild(ctx, root), o.runs, results{rows: rows, volumes1k: volumes1k, images: images, curve: curve})
	return nil
}

// compile times the EPUB and the PDF of the row's blog, each made alone,
// in volumes of at most pages pages when the row is.
func (r *row) compile(ctx context.Context, c compiler, blog, work string, pages int, logf func(string, ...any)) error {
	out := filepath.Join(work, fmt.Sprintf("out-%d", r.posts))
	if r.volumes {
		c = c.with("--max-pages", strconv.Itoa(pages))
		out += "-volumes"
	}
	for _, b := range []struct {
		format string
		into   *measurement
	}{{"epub", &r.epub}, {"pdf", &r.pdf}} {
		logf("anthology compile --format %s %s, %d posts", b.format, strings.Join(c.args, " "), r.posts)
		m, err := c.compile(ctx, blog, out, b.format)
		if err != nil {
			return err
		}
		*b.into = m
	}
	return nil
}
