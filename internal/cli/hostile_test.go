//go:build unix

package cli

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/anthology-book/anthology/internal/testkit"
)

// The hostile-input table: testdata/hostile holds one case per kind of
// hostile input of issue 16, each a txtar file whose comment says what
// to run and what must come of it, and whose files are the input. What
// cannot be a committed file (a FIFO, a symlink, a huge picture, a
// 5,000-letter word) is made by a "make:" line. Each case runs the built
// anthology command under "prlimit --as=2000000000" with 30 s to finish.
//
// The comment's lines, each "key: value" (a value in double quotes is
// read as a Go string, for control characters and spaces):
//
//	issue:      the words the case stands for
//	needs:      the part of the work it waits for, printed when it fails
//	run:        the arguments, split on spaces; $WORK is the case's folder
//	env:        NAME=VALUE for the command's environment
//	make:       a generated input (see hostileMakers)
//	keep:       a book written before the run that must be left as it was
//	exit:       the exit code wanted
//	stderr:     text stderr must hold; !stderr: text it must not hold
//	!stderr-re: a regular expression stderr must not match
//	once:       text stderr must hold exactly once
//	made:       a book that must exist afterwards; !made: one that must not
//	absent:     text in no made book (the EPUB's text files, the PDF's
//	            bytes and decompressed streams); !epub:, !pdf: in one kind
//	present:    text the made EPUBs' text files must hold
//	images:     how many pictures (not the cover) each made EPUB holds
//	fetched:    how many requests the case's images made to the test's
//	            server on 127.0.0.1, whose address is $SERVER
//
// Whatever the case, the command must not crash (a panic, a runtime
// fatal error, a signal), must finish in time, and must leave no
// temporary file.

const (
	hostileTimeout  = 30 * time.Second
	hostileMemLimit = "--as=2000000000"
)

// hostileCase is one file of testdata/hostile.
type hostileCase struct {
	name      string
	files     []txtar.File
	needs     string
	args, env []string
	makeSteps [][]string
	keep      []string
	exitCode  int
	hasExit   bool
	check     []hostileLine // what is checked once the command ends
}

// hostileLine is a "key: value" line of a case's comment.
type hostileLine struct {
	key, value string
}

func TestHostileInput(t *testing.T) {
	if _, err := exec.LookPath("prlimit"); err != nil {
		if os.Getenv("ANTHOLOGY_REQUIRE_TOOLS") == "1" {
			t.Fatal("prlimit (util-linux) is needed to run the hostile-input cases under a memory limit")
		}
		t.Skip("prlimit (util-linux) not installed")
	}
	paths, err := filepath.Glob("../../testdata/hostile/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in testdata/hostile: %v", err)
	}
	bin := anthologyBinary(t)
	srv := newFetchCounter()
	defer srv.Close()
	for _, p := range paths {
		c, err := readHostileCase(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, bin, srv)
		})
	}
}

func readHostileCase(p string) (*hostileCase, error) {
	ar, err := txtar.ParseFile(p)
	if err != nil {
		return nil, err
	}
	c := &hostileCase{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), files: ar.Files}
	for i, raw := range strings.Split(string(ar.Comment), "\n") {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		key, value, ok := strings.Cut(raw, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want key: value, got %q", p, i+1, raw)
		}
		value = strings.TrimSpace(value)
		if strings.HasPrefix(value, `"`) {
			if value, err = strconv.Unquote(value); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", p, i+1, err)
			}
		}
		l := hostileLine{key: strings.TrimSpace(key), value: value}
		switch l.key {
		case "issue":
		case "needs":
			c.needs = l.value
		case "run":
			c.args = strings.Fields(l.value)
		case "env":
			c.env = append(c.env, l.value)
		case "make":
			c.makeSteps = append(c.makeSteps, splitQuoted(l.value))
		case "keep":
			c.keep = append(c.keep, l.value)
		case "exit":
			if c.exitCode, err = strconv.Atoi(l.value); err != nil {
				return nil, fmt.Errorf("%s:%d: exit: %v", p, i+1, err)
			}
			c.hasExit = true
		case "stderr", "!stderr", "!stderr-re", "once", "made", "!made", "absent", "!epub", "!pdf", "present", "images", "fetched":
			c.check = append(c.check, l)
		default:
			return nil, fmt.Errorf("%s:%d: unknown key %q", p, i+1, l.key)
		}
	}
	if c.args == nil || !c.hasExit {
		return nil, fmt.Errorf("%s: a case needs run: and exit:", p)
	}
	return c, nil
}

// splitQuoted splits s on spaces, reading a field in double quotes as a
// Go string.
func splitQuoted(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			if q, err := strconv.QuotedPrefix(s); err == nil {
				v, _ := strconv.Unquote(q)
				out = append(out, v)
				s = s[len(q):]
				continue
			}
		}
		f, rest, _ := strings.Cut(s, " ")
		out = append(out, f)
		s = rest
	}
	return out
}

func (c *hostileCase) run(t *testing.T, bin string, srv *fetchCounter) {
	work := t.TempDir()
	expand := strings.NewReplacer("$WORK", work, "$SERVER", srv.URL+"/"+c.name).Replace
	for _, f := range c.files {
		writeFile(t, filepath.Join(work, f.Name), []byte(expand(string(f.Data))))
	}
	for _, step := range c.makeSteps {
		if err := makeHostile(work, step); err != nil {
			t.Fatalf("make %q: %v", step, err)
		}
	}
	for _, k := range c.keep {
		writeFile(t, filepath.Join(work, k), []byte("the old book "+k))
	}

	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	args := []string{hostileMemLimit, "--", bin}
	for _, a := range c.args {
		args = append(args, expand(a))
	}
	cmd := exec.CommandContext(ctx, "prlimit", args...)
	cmd.Dir = work
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + work}, c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)

	fail := func(format string, a ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, a...)
		if c.needs != "" {
			msg += "\n\t(needs: " + c.needs + ")"
		}
		t.Errorf("case %s: %s", c.name, msg)
	}
	errText := stderr.String()
	code := 0
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		fail("did not finish within %v; stderr:\n%s", hostileTimeout, tail(errText))
		return
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			fail("killed by %v after %v; stderr:\n%s", ws.Signal(), took.Round(time.Millisecond), tail(errText))
			return
		}
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if strings.Contains(errText, "panic:") && !strings.Contains(errText, "internal error:") || strings.Contains(errText, "fatal error:") {
		fail("crashed with exit code %d after %v:\n%s", code, took.Round(time.Millisecond), head(errText))
		return
	}
	if code != c.exitCode {
		fail("exit code %d, want %d; stderr:\n%s", code, c.exitCode, tail(errText))
	}
	if left := tempFiles(work); len(left) > 0 {
		fail("left temporary files %q", left)
	}
	for _, k := range c.keep {
		if data, err := os.ReadFile(filepath.Join(work, k)); err != nil || string(data) != "the old book "+k {
			fail("the book %s there before was replaced or removed", k)
		}
	}
	var made []string
	for _, l := range c.check {
		if l.key == "made" {
			made = append(made, filepath.Join(work, l.value))
		}
	}
	books := readBooks(t, made)
	for _, l := range c.check {
		switch l.key {
		case "stderr":
			if !strings.Contains(errText, l.value) {
				fail("stderr lacks %q:\n%s", l.value, tail(errText))
			}
		case "!stderr":
			if strings.Contains(errText, l.value) {
				fail("stderr holds %q:\n%s", l.value, tail(errText))
			}
		case "!stderr-re":
			if m := regexp.MustCompile(l.value).FindString(errText); m != "" {
				fail("stderr holds %q (matching %s):\n%s", m, l.value, tail(errText))
			}
		case "once":
			if n := strings.Count(errText, l.value); n != 1 {
				fail("stderr holds %q %d times, want once:\n%s", l.value, n, tail(errText))
			}
		case "made":
			if _, err := os.Stat(filepath.Join(work, l.value)); err != nil {
				fail("%s was not made (exit %d):\n%s", l.value, code, tail(errText))
			}
		case "!made":
			if _, err := os.Stat(filepath.Join(work, l.value)); err == nil {
				fail("%s was made", l.value)
			}
		case "absent", "!epub", "!pdf":
			for _, b := range books {
				if (l.key == "!epub" && b.kind != "epub") || (l.key == "!pdf" && b.kind != "pdf") {
					continue
				}
				if where := b.find(l.value); where != "" {
					fail("%s holds %q in %s", b.name, l.value, where)
				}
			}
		case "present":
			for _, b := range books {
				if b.kind == "epub" && b.find(l.value) == "" {
					fail("%s lacks %q", b.name, l.value)
				}
			}
		case "images":
			for _, b := range books {
				if want, _ := strconv.Atoi(l.value); b.kind == "epub" && b.images != want {
					fail("%s holds %d pictures, want %s", b.name, b.images, l.value)
				}
			}
		case "fetched":
			if n, want := srv.count(c.name), l.value; strconv.Itoa(n) != want {
				fail("%d requests reached the server on 127.0.0.1, want %s", n, want)
			}
		}
	}
	if t.Failed() {
		t.Logf("ran %q in %v: exit %d\nstdout:\n%s\nstderr:\n%s", c.args, took.Round(time.Millisecond), code, stdout.String(), tail(errText))
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tail is the end of a long output, enough to see what went wrong.
func tail(s string) string {
	const most = 3000
	if len(s) > most {
		return "…" + s[len(s)-most:]
	}
	return s
}

// head is the start of a crash's output: what went wrong, and where.
func head(s string) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(len(lines), 30)], "")
}

// tempFiles lists the temporary files under dir.
func tempFiles(dir string) []string {
	var found []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(d.Name(), ".tmp") {
			found = append(found, p)
		}
		return nil
	})
	return found
}

// madeBook is what a case looks at in a book: the EPUB's text files or
// the PDF's bytes and decompressed streams.
type madeBook struct {
	name, kind string
	parts      map[string][]byte // a part's name to its content
	images     int
}

func (b madeBook) find(text string) string {
	for name, data := range b.parts {
		if bytes.Contains(data, []byte(text)) {
			return name
		}
	}
	return ""
}

var pictureName = regexp.MustCompile(`(?i)\.(png|jpe?g|gif|webp|svg)$`)

func readBooks(t *testing.T, paths []string) []madeBook {
	t.Helper()
	var books []madeBook
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // "made:" reports it
		}
		b := madeBook{name: filepath.Base(p), parts: map[string][]byte{}}
		switch {
		case strings.HasSuffix(p, ".epub"):
			b.kind = "epub"
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Errorf("%s is not a zip: %v", b.name, err)
				continue
			}
			for _, f := range zr.File {
				if pictureName.MatchString(f.Name) {
					if !strings.Contains(strings.ToLower(path.Base(f.Name)), "cover") {
						b.images++
					}
					continue
				}
				if strings.HasSuffix(f.Name, ".ttf") || strings.HasSuffix(f.Name, ".otf") || strings.HasSuffix(f.Name, ".woff2") {
					continue
				}
				rc, err := f.Open()
				if err != nil {
					t.Errorf("%s: %s: %v", b.name, f.Name, err)
					continue
				}
				b.parts[f.Name], _ = io.ReadAll(io.LimitReader(rc, 64<<20))
				rc.Close()
			}
		case strings.HasSuffix(p, ".pdf"):
			b.kind = "pdf"
			b.parts["the file"] = data
			for i, s := range pdfStreams(data) {
				b.parts[fmt.Sprintf("stream %d", i+1)] = s
			}
		}
		books = append(books, b)
	}
	return books
}

// pdfStreams returns the decompressed content of a PDF's Flate streams.
func pdfStreams(data []byte) [][]byte {
	var out [][]byte
	for {
		i := bytes.Index(data, []byte("stream"))
		if i < 0 {
			return out
		}
		data = data[i+len("stream"):]
		data = bytes.TrimPrefix(bytes.TrimPrefix(data, []byte("\r")), []byte("\n"))
		end := bytes.Index(data, []byte("endstream"))
		if end < 0 {
			return out
		}
		if zr, err := zlib.NewReader(bytes.NewReader(data[:end])); err == nil {
			s, _ := io.ReadAll(io.LimitReader(zr, 64<<20))
			out = append(out, s)
		}
		data = data[end+len("endstream"):]
	}
}

// fetchCounter is an image server on 127.0.0.1 that counts the requests
// each case made to it, by the first part of the path.
type fetchCounter struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newFetchCounter() *fetchCounter {
	f := &fetchCounter{hits: map[string]int{}}
	picture := testkit.PNG(40, 30, 7)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		f.mu.Lock()
		f.hits[first]++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(picture)
	}))
	return f
}

func (f *fetchCounter) count(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[name]
}

// hostileMakers make the inputs that cannot be committed files. Each
// takes the case's folder and the make: line's fields after the verb;
// paths are relative to the case's folder.
var hostileMakers = map[string]func(work string, args []string) error{
	// fifo PATH: a named pipe nothing ever writes to.
	"fifo": func(work string, a []string) error {
		return mkfifo(filepath.Join(work, a[0]))
	},
	// symlink PATH TARGET
	"symlink": func(work string, a []string) error {
		link := filepath.Join(work, a[0])
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			return err
		}
		return os.Symlink(a[1], link)
	},
	// rename FROM TO: for names a txtar file cannot hold.
	"rename": func(work string, a []string) error {
		return os.Rename(filepath.Join(work, a[0]), filepath.Join(work, a[1]))
	},
	// cr PATH: the file's line ends turned into lone CRs.
	"cr": func(work string, a []string) error {
		p := filepath.Join(work, a[0])
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, bytes.ReplaceAll(data, []byte("\n"), []byte("\r")), 0o644)
	},
	// picture PATH WxH: a real PNG.
	"picture": func(work string, a []string) error {
		w, h, err := dimensions(a[1])
		if err != nil {
			return err
		}
		return writeBytes(filepath.Join(work, a[0]), testkit.PNG(w, h, 1))
	},
	// liar PATH WxH: a PNG of a few dozen bytes whose header declares WxH.
	"liar": func(work string, a []string) error {
		w, h, err := dimensions(a[1])
		if err != nil {
			return err
		}
		return writeBytes(filepath.Join(work, a[0]), lyingPNG(w, h))
	},
	// bomb PATH WxH: a real grey PNG of WxH zero pixels, a decompression
	// bomb: small on disk, W×H bytes decoded.
	"bomb": func(work string, a []string) error {
		w, h, err := dimensions(a[1])
		if err != nil {
			return err
		}
		return writeBomb(filepath.Join(work, a[0]), w, h)
	},
	// text PATH N TEMPLATE: the file holds TEMPLATE N times, "%d" in it
	// replaced by the count from 1; HEAD and TAIL lines around it are
	// the make: line's fourth and fifth fields, when given.
	"text": func(work string, a []string) error {
		n, err := strconv.Atoi(a[1])
		if err != nil {
			return err
		}
		var b strings.Builder
		if len(a) > 3 {
			b.WriteString(a[3])
		}
		for i := 1; i <= n; i++ {
			b.WriteString(strings.ReplaceAll(a[2], "%d", strconv.Itoa(i)))
		}
		if len(a) > 4 {
			b.WriteString(a[4])
		}
		return writeBytes(filepath.Join(work, a[0]), []byte(b.String()))
	},
	// append PATH N TEMPLATE: TEMPLATE N times at the end of the file.
	"append": func(work string, a []string) error {
		n, err := strconv.Atoi(a[1])
		if err != nil {
			return err
		}
		f, err := os.OpenFile(filepath.Join(work, a[0]), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			f.WriteString(strings.ReplaceAll(a[2], "%d", strconv.Itoa(i)))
		}
		return f.Close()
	},
	// nest PATH N OPEN CLOSE HEAD TAIL: OPEN n times, then CLOSE n times,
	// between HEAD and TAIL; "%d" in OPEN is the depth from 0, as
	// indentation where OPEN starts with "%i" (two spaces a level).
	"nest": func(work string, a []string) error {
		n, err := strconv.Atoi(a[1])
		if err != nil {
			return err
		}
		var b strings.Builder
		b.WriteString(a[4])
		for i := range n {
			open := strings.ReplaceAll(a[2], "%i", strings.Repeat("  ", i))
			b.WriteString(strings.ReplaceAll(open, "%d", strconv.Itoa(i)))
		}
		for range n {
			b.WriteString(a[3])
		}
		b.WriteString(a[5])
		return writeBytes(filepath.Join(work, a[0]), []byte(b.String()))
	},
	// posts DIR N: N short untagged posts with similar words, one a day.
	"posts": func(work string, a []string) error {
		n, err := strconv.Atoi(a[1])
		if err != nil {
			return err
		}
		words := strings.Fields("clay glaze kiln wheel pot bowl jar vase cup plate tile shelf studio firing cone flame ash tin iron copper")
		day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range n {
			text := fmt.Sprintf("---\ntitle: Note %d\ndate: %s\n---\n\nThe %s and the %s, then the %s by the %s.\n",
				i, day.AddDate(0, 0, i).Format("2006-01-02"), words[i%20], words[(i*7)%20], words[(i*13)%20], words[(i/20)%20])
			if err := writeBytes(filepath.Join(work, a[0], fmt.Sprintf("n%05d.md", i)), []byte(text)); err != nil {
				return err
			}
		}
		return nil
	},
	// datauri PATH WxH: the file's "$DATAURI" replaced by a data: URI of a
	// lying PNG declaring WxH.
	"datauri": func(work string, a []string) error {
		w, h, err := dimensions(a[1])
		if err != nil {
			return err
		}
		p := filepath.Join(work, a[0])
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		uri := "data:image/png;base64," + base64.StdEncoding.EncodeToString(lyingPNG(w, h))
		return os.WriteFile(p, bytes.ReplaceAll(data, []byte("$DATAURI"), []byte(uri)), 0o644)
	},
}

func makeHostile(work string, step []string) error {
	mk, ok := hostileMakers[step[0]]
	if !ok {
		return fmt.Errorf("unknown maker %q", step[0])
	}
	return mk(work, step[1:])
}

func writeBytes(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

func dimensions(s string) (int, int, error) {
	ws, hs, _ := strings.Cut(s, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("dimensions %q: %v", s, err)
	}
	return w, h, nil
}

func mkfifo(p string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return syscall.Mkfifo(p, 0o644)
}

// pngChunk is one chunk of a PNG: length, type, data, CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

func pngHeader(w, h int, colorType byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, colorType // 8 bits a sample
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// lyingPNG is a PNG whose header declares w×h pixels (RGBA) and whose
// data holds four bytes: about 70 bytes in all.
func lyingPNG(w, h int) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 4))
	zw.Close()
	out := pngHeader(w, h, 6)
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	return append(out, pngChunk("IEND", nil)...)
}

// writeBomb writes a real w×h grey PNG of zeros, compressed as it is
// made, so that making it costs no memory.
func writeBomb(p string, w, h int) error {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := make([]byte, 1+w) // filter byte, then the pixels
	for range h {
		zw.Write(row)
	}
	zw.Close()
	out := pngHeader(w, h, 0)
	out = append(out, pngChunk("IDAT", z.Bytes())...)
	out = append(out, pngChunk("IEND", nil)...)
	return writeBytes(p, out)
}
