package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/anthology-book/anthology/internal/confine"
	"gopkg.in/yaml.v3"
)

// Limits on a post's front matter, checked before it is decoded: decoding
// YAML costs time in the square of a map's keys.
const (
	MaxFrontMatterBytes = 1 << 20 // 1 MB
	MaxFrontMatterKeys  = 10_000  // keys of all its maps, nested ones included
)

// frontMatter is a post's metadata block as decoded, before interpretation.
type frontMatter map[string]any

// keyLines gives the line of the post's file on which each top-level key of
// its front matter is written, for messages.
type keyLines map[string]int

// splitFrontMatter separates a YAML (---) or TOML (+++) block from the body.
// bodyLine is the 1-based line on which the body starts. data has "\n" line
// ends only.
// dups are the keys the block gives twice, the last value kept, at lines
// of the file.
// A YAML block that does not parse (a title with quotes inside its
// quotes) is read line by line, as Jekyll still publishes such a post:
// loose says why, at its line, and the caller decides whether the site's
// generator would (parse).
func splitFrontMatter(data []byte) (fm frontMatter, lines keyLines, body []byte, bodyLine int, dups []confine.Duplicate, loose *lineError, err error) {
	// The opening line may end in spaces or tabs ("--- "), as
	// gray-matter (Eleventy), Jekyll and Hugo read it.
	first, rest := data, []byte(nil)
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		first, rest = data[:i], data[i+1:]
	} else {
		return nil, nil, data, 1, nil, nil, nil
	}
	delim := string(bytes.TrimRight(first, " \t"))
	if delim != "---" && delim != "+++" {
		return nil, nil, data, 1, nil, nil, nil
	}
	end, after := -1, 0
	for off := 0; off <= len(rest); {
		line, next := rest[off:], len(rest)
		if i := bytes.IndexByte(rest[off:], '\n'); i >= 0 {
			line, next = rest[off:off+i], off+i+1
		}
		trimmed := string(bytes.TrimRight(line, " \t"))
		if trimmed == delim || (delim == "---" && trimmed == "...") {
			end, after = off, next
			break
		}
		if delim == "---" && strings.HasPrefix(trimmed, "---") && strings.Trim(trimmed, "-") != "" {
			// Text right after the closing "---" (Hugo reads up to the
			// delimiter): the body starts there.
			end, after = off, off+3
			break
		}
		if next == len(rest) && off == next {
			break
		}
		if off > MaxFrontMatterBytes {
			break // reported below, without looking further for its end
		}
		off = next
	}
	if end < 0 && len(rest) <= MaxFrontMatterBytes {
		return nil, nil, nil, 0, nil, nil, &lineError{line: 1, err: fmt.Errorf("front matter opened with %q is never closed", delim)}
	}
	if end < 0 || end > MaxFrontMatterBytes {
		return nil, nil, nil, 0, nil, nil, &lineError{line: 1, err: fmt.Errorf("front matter longer than the limit of %s", confine.Size(MaxFrontMatterBytes))}
	}
	block := rest[:end]
	fmLines := bytes.Count(block, []byte("\n"))
	bodyLine = 2 + fmLines + 1
	if after == end+3 {
		bodyLine-- // the body starts on the closing line
	}
	fm, lines = frontMatter{}, keyLines{}
	if delim == "---" {
		dups, err = decodeYAML(block, fm, lines)
		var le *lineError
		if errors.As(err, &le) && strings.HasPrefix(le.err.Error(), "malformed YAML") {
			if lfm, llines := looseYAML(block); len(lfm) > 0 {
				fm, lines, loose, err = lfm, llines, le, nil
			}
		}
	} else {
		dups, err = decodeTOML(block, fm, lines)
	}
	if err != nil {
		return nil, nil, nil, 0, nil, nil, err
	}
	for i := range dups {
		// Lines of the block; the block starts on line 2.
		dups[i].Line++
		dups[i].First++
	}
	return fm, lines, rest[after:], bodyLine, dups, loose, nil
}

// looseKey is a top-level "key: value" line of YAML.
var looseKey = regexp.MustCompile(`^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$`)

// looseYAML reads a YAML block that does not parse the way generators'
// lenient readers do, a line at a time: a top-level "key: value" (the
// value a string, its outer quotes taken off), or a key followed by "- x"
// items (a list). Other lines are left out.
func looseYAML(block []byte) (frontMatter, keyLines) {
	fm, lines := frontMatter{}, keyLines{}
	var listKey string
	for i, line := range strings.Split(string(block), "\n") {
		if item, ok := strings.CutPrefix(strings.TrimSpace(line), "- "); ok && listKey != "" {
			list, _ := fm[listKey].([]any)
			fm[listKey] = append(list, unquoteLoose(item))
			continue
		}
		m := looseKey.FindStringSubmatch(strings.TrimRight(line, " \t"))
		if m == nil {
			listKey = ""
			continue
		}
		lines[m[1]] = i + 2 // the block starts on line 2
		if m[2] == "" {
			listKey, fm[m[1]] = m[1], nil
			continue
		}
		listKey = ""
		fm[m[1]] = unquoteLoose(m[2])
	}
	return fm, lines
}

func unquoteLoose(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// lineError is an error at a line of the post's file.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }
func (e *lineError) Unwrap() error { return e.err }

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// tooManyKeys is the error for front matter over MaxFrontMatterKeys.
func tooManyKeys(line int) error {
	return &lineError{line: line, err: fmt.Errorf("front matter has more than %d keys, the limit", MaxFrontMatterKeys)}
}

func decodeYAML(block []byte, fm frontMatter, lines keyLines) ([]confine.Duplicate, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(block, &doc); err != nil {
		return nil, yamlError(err)
	}
	if line, over := confine.YAMLKeys(&doc, MaxFrontMatterKeys); over {
		return nil, tooManyKeys(line + 1)
	}
	dups := confine.DropDuplicateKeys(&doc)
	timestampsAsText(&doc)
	var node map[string]any
	if err := doc.Decode(&node); err != nil {
		return nil, yamlError(err)
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		top := doc.Content[0].Content
		for i := 0; i+1 < len(top); i += 2 {
			// yaml.v3 counts lines from the block's start; the block starts on line 2.
			lines[top[i].Value] = top[i].Line + 1
		}
	}
	for k, v := range node {
		fm[k] = v
	}
	return dups, nil
}

// timestampsAsText keeps YAML's timestamps as written, so that a date
// without a zone is read in the site's zone (yaml.v3 would make it UTC).
func timestampsAsText(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!timestamp" && n.Style&(yaml.TaggedStyle) == 0 {
		n.Tag = "!!str"
	}
	for _, c := range n.Content {
		timestampsAsText(c)
	}
}

func yamlError(err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &lineError{line: n + 1, err: fmt.Errorf("malformed YAML front matter: %s", m[2])}
	}
	return &lineError{line: 1, err: fmt.Errorf("malformed YAML front matter: %v", err)}
}

// tomlKey is a key = value line of TOML, to find a key's line.
var tomlKey = regexp.MustCompile(`^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=`)

func decodeTOML(block []byte, fm frontMatter, lines keyLines) ([]confine.Duplicate, error) {
	// Every key of TOML is on a line of its own or in an inline table
	// ({a = 1}): counting the "=" bounds the keys before decoding.
	if n := bytes.Count(block, []byte("=")); n > MaxFrontMatterKeys {
		return nil, tooManyKeys(1)
	}
	node, dups, err := decodeTOMLLastWins(block)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, &lineError{line: perr.Position.Line + 1, err: fmt.Errorf("malformed TOML front matter: %s", perr.Message)}
		}
		return nil, &lineError{line: 1, err: fmt.Errorf("malformed TOML front matter: %v", err)}
	}
	for k, v := range node {
		fm[k] = v
	}
	for i, line := range bytes.Split(block, []byte("\n")) {
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("[")) {
			break // a table: the keys that follow are not top-level
		}
		if m := tomlKey.FindSubmatch(line); m != nil {
			key := string(m[1]) + string(m[2]) + string(m[3])
			lines[key] = i + 2 // the last, as the value kept
		}
	}
	return dups, nil
}
