package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/anthology-book/anthology/internal/confine"
)

// decodeTOMLLastWins decodes TOML where a key given twice in one
// table keeps its last value, as YAML front matter does in Hugo, instead
// of failing; it returns the repeats (lines of text, 1-based). Other
// errors are toml's.
func decodeTOMLLastWins(text []byte) (map[string]any, []confine.Duplicate, error) {
	// toml refuses most repeats but lets an array be given again: the
	// repeats are found line by line first, those toml refuses after.
	text, dups := dropTOMLRepeats(text)
	// Each pass removes one earlier value the line scan missed; a few are
	// enough for any real file, and a bound keeps a hostile one from
	// costing a decode per line.
	const maxPasses = 64
	for pass := 0; ; pass++ {
		var v map[string]any
		_, err := toml.Decode(string(text), &v)
		var perr toml.ParseError
		if err == nil || !errors.As(err, &perr) || !strings.Contains(perr.Message, "has already been defined") || pass >= maxPasses {
			return v, dups, err
		}
		first, end := tomlDefinition(text, perr.LastKey, perr.Position.Line)
		if first == 0 {
			return v, dups, err // a table given twice: no value to drop
		}
		dups = append(dups, confine.Duplicate{Key: perr.LastKey, Line: perr.Position.Line, First: first})
		text = blankLines(text, first, end)
	}
}

// dropTOMLRepeats blanks the earlier values of the keys a TOML text gives
// twice in one table, and returns the repeats.
func dropTOMLRepeats(text []byte) ([]byte, []confine.Duplicate) {
	lines := strings.Split(string(text), "\n")
	type def struct{ first, end int }
	seen := map[string]def{}
	var dups []confine.Duplicate
	var drop []def
	table := ""
	arrays := tableArrays{}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := tomlTable.FindStringSubmatch(l); m != nil && !tomlKeyLine.MatchString(l) {
			table = arrays.table(tomlPath(m[1]), strings.HasPrefix(strings.TrimSpace(l), "[["), i)
			continue
		}
		m := tomlKeyLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		full := tomlPath(m[1])
		if table != "" {
			full = table + "." + full
		}
		end := valueEnd(lines, i)
		if d, ok := seen[full]; ok {
			dups = append(dups, confine.Duplicate{Key: tomlPath(m[1]), Line: i + 1, First: d.first + 1})
			drop = append(drop, d)
		}
		seen[full] = def{i, end}
		i = end
	}
	for _, d := range drop {
		text = blankLines(text, d.first+1, d.end+1)
	}
	return text, dups
}

// tableArrays names the tables of a TOML text apart: each element of an
// array of tables ([[menu.main]]) is a table of its own, and so are the
// tables below it ([menu.main.params]). It maps an array's path to the
// line of its current element.
type tableArrays map[string]int

// table is the distinct name of the table a header on line i opens.
func (a tableArrays) table(p string, isArray bool, i int) string {
	if isArray {
		a[p] = i
		return fmt.Sprintf("%s[%d]", p, i)
	}
	best := ""
	for arr := range a {
		if strings.HasPrefix(p, arr+".") && len(arr) > len(best) {
			best = arr
		}
	}
	if best == "" {
		return p
	}
	return fmt.Sprintf("%s[%d]%s", best, a[best], p[len(best):])
}

var (
	tomlTable   = regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$`)
	tomlKeyLine = regexp.MustCompile(`^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=`)
)

// tomlDefinition finds the last line before line that defines key (a
// dotted path such as "params.author"), and the last line its value
// spans; 0 when none does.
func tomlDefinition(text []byte, key string, line int) (first, end int) {
	lines := strings.Split(string(text), "\n")
	table := ""
	for i := 0; i < len(lines) && i+1 < line; i++ {
		l := lines[i]
		if m := tomlTable.FindStringSubmatch(l); m != nil && !tomlKeyLine.MatchString(l) {
			table = tomlPath(m[1])
			continue
		}
		m := tomlKeyLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		full := tomlPath(m[1])
		if table != "" {
			full = table + "." + full
		}
		last := valueEnd(lines, i)
		if full == key {
			first, end = i+1, last+1
		}
		i = last
	}
	return first, end
}

// tomlPath writes a dotted key without quotes or spaces around the dots.
func tomlPath(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// valueEnd is the index of the last line of the value that starts on line
// i: a multi-line array, inline table or string goes on until it closes.
func valueEnd(lines []string, i int) int {
	depth, inMulti := 0, ""
	for j := i; j < len(lines); j++ {
		l := lines[j]
		if j == i {
			_, l, _ = strings.Cut(l, "=")
		}
		for k := 0; k < len(l); k++ {
			switch {
			case inMulti != "":
				if strings.HasPrefix(l[k:], inMulti) {
					k += 2
					inMulti = ""
				}
			case strings.HasPrefix(l[k:], `"""`) || strings.HasPrefix(l[k:], "'''"):
				inMulti = l[k : k+3]
				k += 2
			case l[k] == '"' || l[k] == '\'':
				q := l[k]
				for k++; k < len(l) && l[k] != q; k++ {
					if q == '"' && l[k] == '\\' {
						k++
					}
				}
			case l[k] == '#':
				k = len(l)
			case l[k] == '[' || l[k] == '{':
				depth++
			case l[k] == ']' || l[k] == '}':
				depth--
			}
		}
		if depth <= 0 && inMulti == "" {
			return j
		}
	}
	return len(lines) - 1
}

// blankLines empties lines first to end (1-based), keeping the count of
// lines so that later errors still name the right one.
func blankLines(text []byte, first, end int) []byte {
	lines := bytes.Split(text, []byte("\n"))
	for i := first - 1; i < end && i < len(lines); i++ {
		lines[i] = nil
	}
	return bytes.Join(lines, []byte("\n"))
}
