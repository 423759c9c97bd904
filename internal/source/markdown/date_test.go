package markdown

import (
	"strings"
	"testing"
	"time"
)

// TestParseDateIn reads the date forms the generators accept: Hugo's and
// Zola's ISO forms and Jekyll's Ruby Time.parse forms, a date without a
// zone being in the site's zone.
func TestParseDateIn(t *testing.T) {
	pacific := time.FixedZone("site", -8*3600)
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339, or "error: ..." with part of the message
	}{
		{"2019-03-04", nil, "2019-03-04T00:00:00Z"},
		{"2019-03-04", pacific, "2019-03-04T00:00:00-08:00"},
		{"2019-03-04 10:00", nil, "2019-03-04T10:00:00Z"},
		{"2019-03-04T10:00:00+02:00", pacific, "2019-03-04T10:00:00+02:00"},
		{"2023-01-29 18:30:22 2023 -0800", nil, "2023-01-29T18:30:22-08:00"},
		{"2023-01-29 18:30:22 2022 -0800", nil, "error: unknown date format"},
		{"Mar 4, 2019", nil, "2019-03-04T00:00:00Z"},
		{"March 4th, 2019 10:30 pm", nil, "2019-03-04T22:30:00Z"},
		{"4 March 2019", pacific, "2019-03-04T00:00:00-08:00"},
		{"Mon, 04 Mar 2019 10:00:00 +0000", nil, "2019-03-04T10:00:00Z"},
		{"Monday, March 4, 2019 at 9:05 AM PST", nil, "2019-03-04T09:05:00-08:00"},
		{"2019/3/4 12:00 am", nil, "2019-03-04T00:00:00Z"},
		{"04/03/2019", nil, "2019-03-04T00:00:00Z"}, // Ruby reads the day first
		{"4.3.2019 10:00:30.5 UTC", pacific, "2019-03-04T10:00:30.5Z"},
		{"2019-03-04 10:00:00 +05:30", nil, "2019-03-04T10:00:00+05:30"},
		{"2001-12-14t21:59:43.10-05:00", nil, "2001-12-14T21:59:43.1-05:00"},
		{"2001-12-14 21:59:43.10 -5", nil, "2001-12-14T21:59:43.1-05:00"},
		{"2019-02-30", nil, "error: impossible date"},
		{"Feb 30, 2019", nil, "error: impossible date"},
		{"0000-01-01", nil, "error: the year must be 1 or later"},
		{"soon", nil, "error: unknown date format"},
		{"2019", nil, "error: unknown date format"},
		{"Mar 4, 2019 +0100 +0200", nil, "error: unknown date format"},
		{"10:00", nil, "error: unknown date format"},
	}
	for _, tt := range tests {
		got, err := ParseDateIn(tt.in, tt.loc)
		if want, ok := strings.CutPrefix(tt.want, "error: "); ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("ParseDateIn(%q) = %v, %v; want an error with %q", tt.in, got, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDateIn(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want {
			t.Errorf("ParseDateIn(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

// FuzzParseDate checks that no text makes the date reader panic, and that
// a date it reads has a year and prints back to the same instant.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2019-03-04", "Mar 4, 2019", "2023-01-29 18:30:22 2023 -0800", "4th March 2019 10 pm PST", "04/03/2019", "1.2.3", "+99:99", "Mon,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDateIn(s, time.FixedZone("x", 3600))
		if err != nil {
			return
		}
		if got.Year() < 1 {
			t.Fatalf("ParseDateIn(%q) = %v: no year", s, got)
		}
		back, err := time.Parse(time.RFC3339Nano, got.Format(time.RFC3339Nano))
		if err != nil || !back.Equal(got) {
			t.Fatalf("ParseDateIn(%q) = %v, which does not print back: %v", s, got, err)
		}
	})
}
