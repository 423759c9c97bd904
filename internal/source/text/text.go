// Package text is the source for posts kept as plain text, such as text
// copied from a blog's pages. A file is a title line, a blank line, then
// paragraphs; a line that holds only a date (ISO, or written out in
// English, French, German, Spanish or Italian), optionally followed by
// "· 9 min · Author" as blog listings show, dates the post.
//
// A date line right after the title dates the post that follows it. A date
// line anywhere else ends its post, and the next paragraph, if any, is the
// title of a new post: that is how a listing page holds several posts
// back to back. Without such lines, a file is one post. A title with no
// text after it is not a post.
package text

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/slug"
)

// block is a run of non-blank lines.
type block struct {
	line  int // of its first line, from 1
	lines []string
}

// Parse reads the posts of one text file; name is how the file is named in
// messages and becomes each post's Source.
func Parse(data []byte, name string, rep *book.Report) ([]*book.Post, error) {
	return ParseKnown(data, name, nil, rep)
}

// ParseKnown is Parse for a file that may hold full posts back to back,
// as text copied from a blog's pages does: a lone line that would be a
// subheading starts a new post when known reports it is the title of a
// post the blog has (known from other sources). known may be nil.
func ParseKnown(data []byte, name string, known func(title string) bool, rep *book.Report) ([]*book.Post, error) {
	if !utf8.Valid(data) {
		return nil, &book.SourceError{File: name, Line: invalidLine(data), Err: errors.New("invalid UTF-8: plain text must be UTF-8")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	blocks := split(string(data))
	if len(blocks) == 0 {
		return nil, &book.SourceError{File: name, Err: errors.New("empty file: a text post starts with its title line")}
	}
	var posts []*book.Post
	var cur *book.Post
	var body []block
	finish := func() {
		if cur == nil {
			return
		}
		cur.Body = []byte(markdown(body))
		if len(body) > 0 {
			cur.BodyLine = body[0].line
			if last := body[len(body)-1].lines; truncated(last[len(last)-1]) {
				rep.Warn(name, cur.BodyLine, "%q looks cut short (it ends in an ellipsis); a fuller copy of it among the sources would replace it", cur.Title)
			}
		} else {
			// A lone line is a note or a stray file, not a post.
			rep.Warn(name, cur.BodyLine, "%q has no text after its title: not read as a post", cur.Title)
			cur = nil
			return
		}
		posts = append(posts, cur)
		cur, body = nil, nil
	}
	for _, b := range blocks {
		if cur == nil {
			title := strings.TrimSpace(strings.TrimLeft(b.lines[0], "#"))
			if _, _, isDate := dateLine(title); isDate {
				rep.Warn(name, b.line, "date line %q with no post before it: ignored", title)
				continue
			}
			cur = &book.Post{Title: title, Slug: slug.Make(title), Source: name, BodyLine: b.line}
			if rest := b.lines[1:]; len(rest) > 0 {
				body = append(body, block{line: b.line + 1, lines: rest})
			}
			continue
		}
		if len(b.lines) == 1 && len(body) > 0 && startsKnownPost(b.lines[0], cur.Title, known) {
			finish()
			title := strings.TrimSpace(b.lines[0])
			cur = &book.Post{Title: title, Slug: slug.Make(title), Source: name, BodyLine: b.line}
			continue
		}
		if len(b.lines) == 1 {
			if date, author, ok := dateLine(b.lines[0]); ok {
				if cur.Dated() {
					rep.Warn(name, b.line, "%q: second date line %q ignored", cur.Title, b.lines[0])
				} else {
					cur.Date, cur.Author = date, author
				}
				if len(body) > 0 {
					finish()
				}
				continue
			}
		}
		body = append(body, b)
	}
	finish()
	return posts, nil
}

// startsKnownPost reports whether line is the title of another known post
// rather than a subheading of the post titled current.
func startsKnownPost(line, current string, known func(string) bool) bool {
	if known == nil || !isSubheading(line) {
		return false
	}
	title := strings.TrimSpace(line)
	return known(title) && slug.Make(title) != slug.Make(current)
}

func split(s string) []block {
	var blocks []block
	var cur *block
	for i, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if strings.TrimSpace(l) == "" {
			cur = nil
			continue
		}
		if cur == nil {
			blocks = append(blocks, block{line: i + 1})
			cur = &blocks[len(blocks)-1]
		}
		cur.lines = append(cur.lines, l)
	}
	return blocks
}

func invalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
	}
	return line
}

func truncated(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") || strings.HasSuffix(s, "[…]")
}

var (
	bullet   = regexp.MustCompile(`^\s*[•·◦▪‣*+-]\s+(.*)$`)
	numbered = regexp.MustCompile(`^\s*(\d{1,3})[.)]\s+(.*)$`)
)

// markdown writes the body blocks as Markdown. Each line of a block is a
// paragraph, since text copied from web pages puts each paragraph on one
// line, unless the block looks hard-wrapped; bullet and numbered lines
// become lists, and a short lone line without final punctuation becomes a
// subheading.
func markdown(blocks []block) string {
	var out strings.Builder
	for _, b := range blocks {
		switch {
		case len(b.lines) == 1 && isSubheading(b.lines[0]):
			out.WriteString("## " + escape(strings.TrimSpace(b.lines[0])) + "\n\n")
		case wrapped(b.lines):
			out.WriteString(escape(strings.Join(trimAll(b.lines), " ")) + "\n\n")
		default:
			inList := false
			for _, l := range b.lines {
				item := ""
				if m := bullet.FindStringSubmatch(l); m != nil {
					item = "- " + escape(m[1])
				} else if m := numbered.FindStringSubmatch(l); m != nil {
					item = m[1] + ". " + escape(m[2])
				}
				switch {
				case item != "":
					out.WriteString(item + "\n")
					inList = true
				default:
					if inList {
						out.WriteString("\n")
						inList = false
					}
					out.WriteString(escape(strings.TrimSpace(l)) + "\n\n")
				}
			}
			if inList {
				out.WriteString("\n")
			}
		}
	}
	return strings.TrimRight(out.String(), "\n") + "\n"
}

func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimSpace(l)
	}
	return out
}

// wrapped reports whether lines are one paragraph broken at a fixed width,
// as in a text written in an editor: several lines, all but the last of
// modest length, some ending mid-sentence, none a list item.
func wrapped(lines []string) bool {
	if len(lines) < 2 {
		return false
	}
	midSentence := false
	for i, l := range lines {
		n := utf8.RuneCountInString(l)
		if bullet.MatchString(l) || numbered.MatchString(l) || n > 80 || (i < len(lines)-1 && n < 30) {
			return false
		}
		if last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(l)); i < len(lines)-1 && !strings.ContainsRune(".!?:…", last) {
			midSentence = true
		}
	}
	return midSentence
}

func isSubheading(l string) bool {
	l = strings.TrimSpace(l)
	n := utf8.RuneCountInString(l)
	if n == 0 || n > 70 || bullet.MatchString(l) || numbered.MatchString(l) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	return !strings.ContainsRune(".,;:!?…)]»\"”'’", last) && len(strings.Fields(l)) <= 10
}

// escape keeps text literal in Markdown: every ASCII punctuation that could
// start markup is escaped with a backslash.
func escape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '|':
			b.WriteByte('\\')
		case '#', '+', '-', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if isDigits(s[:i]) && i > 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// months maps month names and common abbreviations, lower case and
// without a final period, in the languages blogs date posts in.
var months = monthNames()

func monthNames() map[string]time.Month {
	months := map[string]time.Month{}
	names := [][]string{
		{"january", "jan", "janvier", "janv", "januar", "jän", "enero", "ene", "gennaio", "gen"},
		{"february", "feb", "février", "fevrier", "févr", "fevr", "februar", "febrero", "febbraio"},
		{"march", "mar", "mars", "märz", "marz", "marzo"},
		{"april", "apr", "avril", "avr", "abril", "abr", "aprile"},
		{"may", "mai", "mayo", "maggio", "mag"},
		{"june", "jun", "juin", "juni", "junio", "giugno", "giu"},
		{"july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug"},
		{"august", "aug", "août", "aout", "agosto", "ago"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre", "set"},
		{"october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre"},
	}
	for i, list := range names {
		for _, n := range list {
			months[n] = time.Month(i + 1)
		}
	}
	return months
}

var (
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$`)
	// "2 juillet 2019", "1er mai 2019", "2. Juli 2019", "2 de julio de 2019"
	dayMonthYear = regexp.MustCompile(`(?i)^(\d{1,2})(?:er|st|nd|rd|th|\.|º)?\s+(?:de\s+)?(\pL+)\.?\s+(?:de\s+)?(\d{4})$`)
	// "July 2, 2019", "Jul 2 2019"
	monthDayYear = regexp.MustCompile(`(?i)^(\pL+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`)
	minutes      = regexp.MustCompile(`(?i)^\d+\s*(min|mins|minutes?)(\s+(read|de lecture))?$`)
)

// dateLine reports whether l is a date line, and its date and author.
func dateLine(l string) (time.Time, string, bool) {
	parts := strings.FieldsFunc(l, func(r rune) bool { return r == '·' || r == '|' || r == '•' })
	if len(parts) == 0 {
		return time.Time{}, "", false
	}
	date, ok := parseDate(strings.TrimSpace(parts[0]))
	if !ok {
		return time.Time{}, "", false
	}
	author := ""
	for _, p := range parts[1:] {
		p = strings.TrimSpace(p)
		if minutes.MatchString(p) || p == "" {
			continue
		}
		author = p
	}
	return date, author, true
}

// parseDate reads the date forms of dateLine; the calendar is checked, so
// "31 février 2019" is not a date.
func parseDate(s string) (time.Time, bool) {
	if m := isoDate.FindStringSubmatch(s); m != nil {
		if m[4] == "" {
			return civil(m[1], time.Month(atoi(m[2])), m[3])
		}
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05Z07:00"} {
			if t, err := time.Parse(layout, s); err == nil {
				if _, off := t.Zone(); off == 0 {
					t = t.UTC()
				}
				return t, true
			}
		}
		return time.Time{}, false
	}
	if m := dayMonthYear.FindStringSubmatch(s); m != nil {
		if mon, ok := months[strings.ToLower(m[2])]; ok {
			return civil(m[3], mon, m[1])
		}
	}
	if m := monthDayYear.FindStringSubmatch(s); m != nil {
		if mon, ok := months[strings.ToLower(m[1])]; ok {
			return civil(m[3], mon, m[2])
		}
	}
	return time.Time{}, false
}

func civil(year string, month time.Month, day string) (time.Time, bool) {
	y, d := atoi(year), atoi(day)
	t := time.Date(y, month, d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || t.Month() != month || t.Day() != d || month < 1 || month > 12 {
		return time.Time{}, false
	}
	return t, true
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
