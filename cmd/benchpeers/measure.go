package main

import (
	"github.com/anthology-book/anthology/internal/testkit"

	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// tools are the commands benchpeers runs, by path.
type tools struct {
	goCmd      string
	python     string
	pandoc     string // empty without the peers
	weasyprint string // empty without the peers
}

// lookTools finds the commands needed, naming every missing one: python3
// when the kit makes the blogs or the peers run.
func lookTools(peers, python bool) (tools, error) {
	var t tools
	var missing []string
	look := func(name, install string) string {
		path, err := exec.LookPath(name)
		if err != nil {
			missing = append(missing, name+" ("+install+")")
		}
		return path
	}
	t.goCmd = look("go", "https://go.dev/dl")
	if python || peers {
		t.python = look("python3", "apt-get install -y python3")
	}
	if peers {
		t.pandoc = look("pandoc", "apt-get install -y pandoc")
		t.weasyprint = look("weasyprint", "apt-get install -y weasyprint")
	}
	if len(missing) > 0 {
		err := fmt.Errorf("not installed: %s", strings.Join(missing, ", "))
		if peers && (t.pandoc == "" || t.weasyprint == "") {
			err = fmt.Errorf("%w; or measure anthology alone with -peers=false", err)
		}
		return t, err
	}
	return t, nil
}

// moduleRoot is the folder of the go.mod above the working folder.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the repository: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod in %q or a folder above it: run benchpeers from the anthology repository", dir)
		}
	}
}

// kit is the shared benchmark kit: the corpus generator and the peer build.
type kit struct {
	makeCorpus string // make_corpus.py
	peerBook   string // peer_book.py
}

// findKit looks for shared/bench in the module root and the folders above
// it.
func findKit(root string) (kit, error) {
	for d := root; ; d = filepath.Dir(d) {
		bench := filepath.Join(d, "shared", "bench")
		k := kit{makeCorpus: filepath.Join(bench, "make_corpus.py"), peerBook: filepath.Join(bench, "peer_book.py")}
		if _, err := os.Stat(k.makeCorpus); err == nil {
			if _, err := os.Stat(k.peerBook); err != nil {
				return kit{}, fmt.Errorf("find peer_book.py: %w", err)
			}
			return k, nil
		}
		if filepath.Dir(d) == d {
			return kit{}, fmt.Errorf("no shared/bench/make_corpus.py in %q or a folder above it: check out the shared benchmark kit beside the repository", root)
		}
	}
}

// measurement is one timed build.
type measurement struct {
	wall time.Duration
	// maxRSS is the process's peak resident memory in bytes; 0 when the
	// system does not tell it.
	maxRSS int64
}

// runTimed runs a command and measures it. On failure the error holds the
// end of what the command printed.
func runTimed(ctx context.Context, dir string, env []string, name string, args ...string) (measurement, []byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if err != nil {
		return m, nil, fmt.Errorf("run %s %s: %w%s", filepath.Base(name), strings.Join(args, " "), err, tail(stderr.Bytes()))
	}
	m.maxRSS = peakRSS(cmd.ProcessState)
	return m, stdout.Bytes(), nil
}

// tail is the last lines of a command's output, indented, for an error.
func tail(out []byte) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) == 1 && lines[0] == "" {
		return ""
	}
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\n  " + strings.Join(lines, "\n  ")
}

// buildAnthology builds the command from the repository at root into bin.
func buildAnthology(ctx context.Context, goCmd, root, bin string) error {
	_, _, err := runTimed(ctx, root, nil, goCmd, "build", "-o", bin, "./cmd/anthology")
	if err != nil {
		return fmt.Errorf("build anthology: %w", err)
	}
	return nil
}

// blogMaker makes the blogs of a run, each size once, with the generator
// kind names: the kit's make_corpus.py ("kit") or internal/testkit.
type blogMaker struct {
	ctx    context.Context
	kind   string
	python string
	kit    kit
	work   string
	made   map[int]string // the folder of each size made
}

// blog returns the folder of a blog of n posts, made the first time.
func (m *blogMaker) blog(n int) (string, error) {
	if dir, ok := m.made[n]; ok {
		return dir, nil
	}
	dir := filepath.Join(m.work, fmt.Sprintf("blog-%d", n))
	if err := makeBlog(m.ctx, m.kind, m.python, m.kit, n, dir); err != nil {
		return "", err
	}
	m.made[n] = dir
	return dir, nil
}

// makeBlog writes a blog of n posts into dir, anew, with the generator
// blogs names: the kit's make_corpus.py or internal/testkit.
func makeBlog(ctx context.Context, blogs, python string, k kit, n int, dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear %q: %w", dir, err)
	}
	if blogs == "testkit" {
		if err := testkit.WriteBlog(dir, testkit.BlogOptions{Posts: n, Seed: 1, Images: true, French: true}); err != nil {
			return fmt.Errorf("generate the blog: %w", err)
		}
		return nil
	}
	if _, _, err := runTimed(ctx, "", nil, python, k.makeCorpus, strconv.Itoa(n), dir); err != nil {
		return fmt.Errorf("generate the blog: %w", err)
	}
	return nil
}

// writePhotoBlog writes, anew, a blog of n posts of internal/testkit with
// a camera-sized photo in every every-th post (0: none). The posts' text
// does not depend on every, so that the blogs with and without photos
// differ by the photos alone.
func writePhotoBlog(dir string, n, every int) error {
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("clear %q: %w", dir, err)
	}
	if err := testkit.WriteBlog(dir, testkit.BlogOptions{Posts: n, Seed: 1, French: true, PhotoEvery: every}); err != nil {
		return fmt.Errorf("generate the blog with photos: %w", err)
	}
	return nil
}

// compiler runs the anthology built for the measurement.
type compiler struct {
	bin  string
	args []string // added to every compile (-compile-args)
	runs int      // the fastest of so many runs counts
}

// with returns c with more arguments for every compile.
func (c compiler) with(args ...string) compiler {
	c.args = append(slices.Clip(c.args), args...)
	return c
}

// compile times anthology making formats (comma-separated) of the blog,
// the fastest of c.runs runs. The title and author are given as
// peer_book.py gives them, so that no warning is made.
func (c compiler) compile(ctx context.Context, blog, out, formats string) (measurement, error) {
	return bestOf(c.runs, func() (measurement, error) {
		args := append([]string{"compile", blog, "-o", out, "--name", "book",
			"--title", "Anthology", "--author", "Bench", "--format", formats, "-q"}, c.args...)
		what := strings.ToUpper(strings.ReplaceAll(formats, ",", " and "))
		m, _, err := runTimed(ctx, "", nil, c.bin, args...)
		if err != nil {
			return m, fmt.Errorf("compile the %s: %w", what, err)
		}
		for _, format := range strings.Split(formats, ",") {
			// book.pdf, or its volumes book-1.pdf, book-2.pdf…
			if found, _ := filepath.Glob(filepath.Join(out, "book*."+format)); len(found) == 0 {
				return m, fmt.Errorf("compile the %s: no book.%s written in %q", what, format, out)
			}
		}
		return m, nil
	})
}

// peerTimes are the seconds peer_book.py reports for pandoc (EPUB) and for
// pandoc with WeasyPrint (PDF).
type peerTimes struct {
	epub, pdf time.Duration
}

// peerBook runs peer_book.py, which makes the EPUB with pandoc and, with
// withPDF, then the PDF with pandoc and WeasyPrint, and reads the seconds
// it prints for each: the time of the tools, not of its own assembling of
// one Markdown file, which favours the peers slightly.
func peerBook(ctx context.Context, python string, k kit, blog, out string, withPDF bool) (peerTimes, error) {
	args := []string{k.peerBook, blog, out}
	if withPDF {
		args = append(args, "--pdf")
	}
	_, stdout, err := runTimed(ctx, "", nil, python, args...)
	if err != nil {
		return peerTimes{}, fmt.Errorf("build the peer book: %w", err)
	}
	return parsePeerTimes(stdout, withPDF)
}

// parsePeerTimes reads peer_book.py's `name seconds` lines; the pdf line
// only when withPDF.
func parsePeerTimes(out []byte, withPDF bool) (peerTimes, error) {
	var p peerTimes
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			continue
		}
		secs, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			continue
		}
		d := time.Duration(secs * float64(time.Second))
		switch fields[0] {
		case "epub":
			p.epub = d
		case "pdf":
			p.pdf = d
		}
	}
	if p.epub == 0 || (withPDF && p.pdf == 0) {
		return p, errors.New("read peer_book.py's output: want `epub SECONDS` and `pdf SECONDS` lines, got " + strconv.Quote(string(out)))
	}
	return p, nil
}

// bestOf runs a measurement runs times and keeps the fastest, with the
// highest peak memory seen.
func bestOf(runs int, measure func() (measurement, error)) (measurement, error) {
	var best measurement
	for i := range runs {
		m, err := measure()
		if err != nil {
			return best, err
		}
		if i == 0 || m.wall < best.wall {
			best.wall = m.wall
		}
		best.maxRSS = max(best.maxRSS, m.maxRSS)
	}
	return best, nil
}

// bestOfPeer runs the peer build runs times and keeps the fastest time of
// each tool.
func bestOfPeer(runs int, measure func() (peerTimes, error)) (peerTimes, error) {
	var best peerTimes
	for i := range runs {
		p, err := measure()
		if err != nil {
			return best, err
		}
		if i == 0 || p.epub < best.epub {
			best.epub = p.epub
		}
		if i == 0 || p.pdf < best.pdf {
			best.pdf = p.pdf
		}
	}
	return best, nil
}
