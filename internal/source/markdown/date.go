package markdown

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// dateLayouts are the strict date forms front matter may use, tried before
// the loose reading of looseDate. A form without a zone is read in the
// site's zone (UTC when the site gives none); a form with one keeps it.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate reads a date as front matter writes it, a date without a zone
// being UTC. See ParseDateIn.
func ParseDate(s string) (time.Time, error) { return ParseDateIn(s, time.UTC) }

// ParseDateIn reads a date as the generators read front matter: the ISO
// and RFC 3339 forms Hugo and Zola take, and the looser ones Jekyll's Ruby
// Time.parse takes ("Mar 4, 2019", "4 March 2019 10:00 pm",
// "2023-01-29 18:30:22 2023 -0800", "Mon, 04 Mar 2019 10:00:00 +0000").
// A date without a zone is in loc. A date in a known form that no
// calendar has (2019-02-30) is told apart from a form it does not know,
// and so is year 0, which is no year.
func ParseDateIn(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == 't' && isoDay.MatchString(s[:10]) {
		s = s[:10] + "T" + s[11:] // YAML allows a lower-case t
	}
	var impossible error
	for _, layout := range dateLayouts {
		t, err := time.ParseInLocation(layout, s, loc)
		if err == nil {
			return t, checkYear(t, s)
		}
		var perr *time.ParseError
		if impossible == nil && errors.As(err, &perr) && strings.Contains(perr.Message, "out of range") {
			impossible = fmt.Errorf("impossible date %q: %s", s, strings.TrimPrefix(perr.Message, ": "))
		}
	}
	if impossible != nil {
		return time.Time{}, impossible
	}
	t, err := looseDate(s, loc)
	if err != nil {
		return time.Time{}, err
	}
	return t, checkYear(t, s)
}

var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkYear refuses the years before 1: year 0 does not exist, and
// 0001-01-01 is how "no date" is kept.
func checkYear(t time.Time, s string) error {
	if t.Year() < 1 || t.IsZero() {
		return fmt.Errorf("impossible date %q: the year must be 1 or later", s)
	}
	return nil
}

// unknownDate is the error for a date no rule reads.
func unknownDate(s string) error {
	return fmt.Errorf("unknown date format %q (use 2006-01-02, 2006-01-02 15:04:05 -0700 or RFC 3339)", s)
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"fri": true, "friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

// zoneNames are the zone abbreviations Ruby's Time.parse knows, as fixed
// offsets in hours (it reads "PST" as -08:00 whatever the season).
var zoneNames = map[string]int{
	"utc": 0, "gmt": 0, "z": 0, "ut": 0,
	"est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
	"akst": -9, "akdt": -8, "hst": -10,
	"bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "wet": 0, "west": 1,
	"ist": 5, "jst": 9, "kst": 9, "aest": 10, "aedt": 11,
}

func isZoneName(s string) bool {
	_, ok := zoneNames[s]
	return ok
}

// dateToken is one piece of a loose date.
type dateToken struct {
	text string
	num  bool // digits only
	sep  byte // the separator that follows, 0 for a space or the end
}

// looseDate reads a date the way Ruby's Date._parse picks its pieces out of
// free text: a day, month and year in ISO (2019-03-04, 2019/3/4), European
// (4.3.2019, 04/03/2019: day first) or written form (Mar 4, 2019; 4 March
// 2019), a time (10:00, 10:00:30.5, 10 pm), a zone (+0800, -08:00, Z,
// UTC, PST) and a weekday, which is ignored. A year said twice must agree;
// anything else is an error, never a guess.
func looseDate(s string, loc *time.Location) (time.Time, error) {
	toks := tokenizeDate(s)
	var (
		year, day, hour, min, sec, nsec int
		month                           time.Month
		haveDate, haveTime, haveZone    bool
		zone                            *time.Location
		pm, am                          bool
	)
	setYear := func(y int) bool {
		if year != 0 && year != y {
			return false
		}
		year = y
		return true
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		low := strings.ToLower(t.text)
		switch {
		case t.num && t.sep == ':' && !haveTime:
			n, err := readClock(toks[i:])
			if err != nil {
				return time.Time{}, unknownDate(s)
			}
			hour, min, sec, nsec = n.hour, n.min, n.sec, n.nsec
			haveTime = true
			i += n.used - 1
		case t.num && (t.sep == '-' || t.sep == '/' || t.sep == '.') && !haveDate && i+2 < len(toks) && toks[i+1].num && toks[i+2].num && toks[i+1].sep == t.sep:
			a, b, c := atoi(t.text), atoi(toks[i+1].text), atoi(toks[i+2].text)
			switch {
			case len(t.text) == 4:
				year, month, day = a, time.Month(b), c
			case len(toks[i+2].text) == 4:
				day, month, year = a, time.Month(b), c
			default:
				return time.Time{}, unknownDate(s)
			}
			haveDate = true
			i += 2
			if i+1 < len(toks) && strings.EqualFold(toks[i+1].text, "t") {
				i++
			}
		case monthNames[strings.TrimSuffix(low, ".")] != 0 && !haveDate:
			month = monthNames[strings.TrimSuffix(low, ".")]
			// Mar 4 2019, Mar 4th, 2019, 4 Mar 2019, Mar 2019
			var nums []int
			if i > 0 && toks[i-1].num && len(toks[i-1].text) <= 2 && day == 0 {
				day = atoi(toks[i-1].text)
			}
			j := i + 1
			for ; j < len(toks) && len(nums) < 2; j++ {
				if !toks[j].num || toks[j].sep != 0 {
					break
				}
				nums = append(nums, atoi(toks[j].text))
			}
			for _, n := range nums {
				switch {
				case n > 31 || (day != 0 && year == 0):
					if !setYear(n) {
						return time.Time{}, unknownDate(s)
					}
				case day == 0:
					day = n
				default:
					return time.Time{}, unknownDate(s)
				}
			}
			if day == 0 {
				day = 1
			}
			haveDate = true
			i = j - 1
		case t.num && len(t.text) <= 2 && t.sep == 0 && i+1 < len(toks) && monthNames[strings.TrimSuffix(strings.ToLower(toks[i+1].text), ".")] != 0 && !haveDate:
			// the day of "4 March 2019": read with the month
		case t.num && len(t.text) == 4 && haveDate:
			if !setYear(atoi(t.text)) {
				return time.Time{}, unknownDate(s)
			}
		case low == "am" || low == "a.m." || low == "pm" || low == "p.m.":
			if !haveTime {
				return time.Time{}, unknownDate(s)
			}
			pm, am = low[0] == 'p', low[0] == 'a'
		case t.num && !haveTime && i+1 < len(toks) && (strings.EqualFold(toks[i+1].text, "am") || strings.EqualFold(toks[i+1].text, "pm")):
			hour, haveTime = atoi(t.text), true
		case strings.HasPrefix(low, "+") || strings.HasPrefix(low, "-"):
			z, ok := offsetZone(t.text)
			if !ok || haveZone {
				return time.Time{}, unknownDate(s)
			}
			zone, haveZone = z, true
		case isZoneName(low):
			if haveZone {
				return time.Time{}, unknownDate(s)
			}
			h := zoneNames[low]
			zone, haveZone = time.FixedZone(strings.ToUpper(t.text), h*3600), true
			if h == 0 {
				zone = time.UTC
			}
		case weekdayNames[strings.TrimSuffix(low, ",")] || low == "at" || low == "t" || low == "on":
		default:
			return time.Time{}, unknownDate(s)
		}
	}
	if !haveDate || year == 0 {
		return time.Time{}, unknownDate(s)
	}
	if pm && hour < 12 {
		hour += 12
	} else if am && hour == 12 {
		hour = 0
	}
	if zone == nil {
		zone = loc
	}
	if year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || min > 59 || sec > 60 {
		return time.Time{}, fmt.Errorf("impossible date %q", s)
	}
	return time.Date(year, month, day, hour, min, sec, nsec, zone), nil
}

// tokenizeDate splits a date into numbers and words, remembering the
// separator after each number; "+0800" and " -08:00" are zone offsets, an
// ordinal's suffix is dropped ("4th" is 4).
func tokenizeDate(s string) []dateToken {
	var toks []dateToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r) || r == ',' || r == '(' || r == ')':
			i++
			continue
		case r == '+' || r == '-' && (i == 0 || unicode.IsSpace(rs[i-1])):
			j := i + 1
			for j < len(rs) && (isDigit(rs[j]) || rs[j] == ':') {
				j++
			}
			toks = append(toks, dateToken{text: string(rs[i:j])})
			i = j
			continue
		}
		j := i + 1
		tok := dateToken{}
		switch {
		case isDigit(r):
			for j < len(rs) && isDigit(rs[j]) {
				j++
			}
			tok.text, tok.num = string(rs[i:j]), true
			if isOrdinal(rs, j) {
				j += 2
			} else if j < len(rs) && strings.ContainsRune(":/-.", rs[j]) {
				tok.sep = byte(rs[j])
				j++
			}
		case unicode.IsLetter(r):
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '.') {
				j++
			}
			tok.text = string(rs[i:j])
		default:
			tok.text = string(r) // a lone mark, refused by looseDate
		}
		toks = append(toks, tok)
		i = j
	}
	return toks
}

// isOrdinal reports whether rs[j:] is an ordinal's suffix (4th, 1st) that
// ends the word.
func isOrdinal(rs []rune, j int) bool {
	if j+2 > len(rs) || j+2 < len(rs) && unicode.IsLetter(rs[j+2]) {
		return false
	}
	switch strings.ToLower(string(rs[j : j+2])) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

type clock struct{ hour, min, sec, nsec, used int }

// readClock reads "10:00", "10:00:30" or "10:00:30.25" from toks.
func readClock(toks []dateToken) (clock, error) {
	var c clock
	parts := []int{}
	frac := ""
	for i, t := range toks {
		if !t.num {
			break
		}
		parts = append(parts, atoi(t.text))
		c.used = i + 1
		if len(parts) == 3 && t.sep == '.' && i+1 < len(toks) && toks[i+1].num {
			frac = toks[i+1].text
			c.used++
			break
		}
		if t.sep != ':' || len(parts) == 3 {
			break
		}
	}
	if len(parts) < 2 {
		return c, errors.New("no minutes")
	}
	c.hour, c.min = parts[0], parts[1]
	if len(parts) == 3 {
		c.sec = parts[2]
	}
	if frac != "" {
		frac = (frac + "000000000")[:9]
		c.nsec = atoi(frac)
	}
	return c, nil
}

// offsetZone reads "+0800", "-08:00" or "+08" as a fixed zone.
func offsetZone(s string) (*time.Location, bool) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(s[1:], ":", "")
	if !isDigits(digits) {
		return nil, false
	}
	var h, m int
	switch len(digits) {
	case 1, 2:
		h = atoi(digits)
	case 4:
		h, m = atoi(digits[:2]), atoi(digits[2:])
	default:
		return nil, false
	}
	if h > 14 || m > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// atoi reads digits, capped so that no count overflows.
func atoi(s string) int {
	if len(s) > 9 {
		return 1 << 30
	}
	n, _ := strconv.Atoi(s)
	return n
}
