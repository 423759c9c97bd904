package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// frontMatter splits a Markdown or HTML source into its front matter
// (YAML between ---, TOML between +++, or a JSON object) and its body.
// Keys are lower-cased, as Hugo reads them, unless asWritten (Jekyll and
// Zola read keys as written: Title: is not title). A fence line may end
// in blanks, as every generator reads it. Front matter that does not
// parse (a duplicate key, say) is read line by line for top-level
// "key: value" pairs, so that a count never stops on one file; ok is false
// when there is no front matter at all.
func frontMatter(data []byte, asWritten bool) (fm map[string]any, body string, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	keys := lowerKeys
	if asWritten {
		keys = func(m map[string]any) map[string]any { return m }
	}
	first, rest, _ := strings.Cut(s, "\n")
	first = strings.TrimRight(first, " \t")
	var raw string
	var parse func(string) (map[string]any, error)
	switch {
	case first == "---":
		raw, body, ok = cutFence(first+"\n"+rest, "---")
		parse = parseYAML
	case first == "+++":
		raw, body, ok = cutFence(first+"\n"+rest, "+++")
		parse = parseTOML
	case strings.HasPrefix(s, "{"):
		dec := json.NewDecoder(strings.NewReader(s))
		var m map[string]any
		if err := dec.Decode(&m); err == nil {
			return keys(m), s[dec.InputOffset():], true
		}
	}
	if !ok {
		return map[string]any{}, s, false
	}
	m, err := parse(raw)
	if err != nil {
		m = looseFields(raw)
	}
	return keys(m), body, true
}

// cutFence cuts s, which starts with fence on a line, at the next line that
// is fence.
func cutFence(s, fence string) (raw, body string, ok bool) {
	rest := s[len(fence)+1:]
	if strings.HasPrefix(rest, fence+"\n") || rest == fence {
		return "", strings.TrimPrefix(rest[len(fence):], "\n"), true
	}
	i := strings.Index(rest, "\n"+fence)
	for i >= 0 {
		end := i + 1 + len(fence)
		if end == len(rest) || rest[end] == '\n' || rest[end] == ' ' || rest[end] == '\t' {
			nl := strings.IndexByte(rest[end:], '\n')
			if nl < 0 {
				return rest[:i], "", true
			}
			return rest[:i], rest[end+nl+1:], true
		}
		j := strings.Index(rest[end:], "\n"+fence)
		if j < 0 {
			break
		}
		i = end + j
	}
	return "", s, false
}

func parseYAML(raw string) (map[string]any, error) {
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(raw), &m); err != nil {
		return nil, err
	}
	return m, nil
}

func parseTOML(raw string) (map[string]any, error) {
	m := map[string]any{}
	if _, err := toml.Decode(raw, &m); err != nil {
		return nil, err
	}
	return m, nil
}

var looseField = regexp.MustCompile(`^([A-Za-z_][\w-]*)\s*[:=]\s*(.*)$`)

// looseFields reads the top-level "key: value" or "key = value" lines of
// front matter no parser accepts; the last of two equal keys wins, as Hugo
// has it.
func looseFields(raw string) map[string]any {
	m := map[string]any{}
	for _, line := range strings.Split(raw, "\n") {
		if sm := looseField.FindStringSubmatch(line); sm != nil {
			m[sm[1]] = strings.Trim(strings.TrimSpace(sm[2]), `"'`)
		}
	}
	return m
}

func lowerKeys(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// truthy reads a boolean front-matter value, written as a boolean or a
// string.
func truthy(v any) (value, set bool) {
	switch v := v.(type) {
	case bool:
		return v, true
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	return false, false
}

// strings of a front-matter value: a string or a list of them.
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	return nil
}

// dateLayouts are the date forms generators accept in front matter, most
// specific first.
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 MST", "2006-01-02 15:04:05", "2006-01-02 15:04 -0700",
	"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02", "2006-1-2", time.RFC1123Z, time.RFC1123,
}

// parseDate reads a front-matter date, as YAML or TOML decoded it or as a
// string in one of the generators' forms. A string with text after a form
// it starts with (Ruby's Time.parse ignores it) is read by that prefix.
func parseDate(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v, true
	case string:
		s := strings.TrimSpace(v)
		for _, l := range dateLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true
			}
		}
		for _, l := range dateLayouts {
			if len(s) > len(l) {
				if t, err := time.Parse(l, s[:len(l)]); err == nil {
					return t, true
				}
			}
		}
	}
	return time.Time{}, false
}

func mustString(v any) string {
	if v == nil {
		return ""
	}
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}
