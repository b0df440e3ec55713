package study

import (
	"strings"
	"testing"
)

func TestCondition(t *testing.T) {
	header := []string{"run", "seed", "chips.h20.price", "bytedance.revenue_share", "alibaba.revenue_share", "alibaba.profit_usd"}
	row := []float64{0, 1, 12000, 0.3, 0.4, -5e9}
	tests := []struct {
		name, text string
		want       bool
	}{
		{"outcome form with the final year", "revenue_share:bytedance:2030 > revenue_share:alibaba:2030", false},
		{"outcome form without a year", "revenue_share:alibaba > revenue_share:bytedance", true},
		{"column names and a number", "chips.h20.price >= 12000", true},
		{"percent is hundredths", "bytedance.revenue_share >= 30%", true},
		{"and needs both", "profit:alibaba < 0 and chips.h20.price < 10000", false},
		{"no spaces around the operator", "profit:alibaba<0 and revenue_share:alibaba<=0.4", true},
	}
	for _, tc := range tests {
		c, err := ParseCondition(tc.text, header, 2030)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := c.Holds(row); got != tc.want {
			t.Errorf("%s: %q holds %v, want %v", tc.name, tc.text, got, tc.want)
		}
	}
}

func TestConditionErrors(t *testing.T) {
	header := []string{"run", "bytedance.revenue_share"}
	tests := []struct{ name, text, want string }{
		{"another year than the final one", "revenue_share:bytedance:2029 > 0", "final year, 2030"},
		{"unknown column, with a hint", "bytedance.revenue_shar > 0", `did you mean "bytedance.revenue_share"`},
		{"equality is not offered", "bytedance.revenue_share = 0", "col 25"},
		{"dangling and", "bytedance.revenue_share > 0 and", "after \"and\""},
		{"missing operator", "bytedance.revenue_share 0", "col"},
		{"empty", " ", "empty"},
		{"unknown outcome kind", "share:bytedance > 0", "an outcome is"},
	}
	for _, tc := range tests {
		_, err := ParseCondition(tc.text, header, 2030)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestConditionClosest(t *testing.T) {
	header := []string{"run", "a.revenue_share", "b.revenue_share"}
	rows := [][]float64{{0, 0.1, 0.5}, {1, 0.3, 0.4}, {2, 0.2, 0.6}}
	c, err := ParseCondition("revenue_share:a > revenue_share:b", header, 2030)
	if err != nil {
		t.Fatal(err)
	}
	if i, a, b, ok := c.Closest(rows); !ok || i != 1 || a != 0.3 || b != 0.4 {
		t.Errorf("closest: row %d (%v > %v, %v); want row 1, 0.3 against 0.4", i, a, b, ok)
	}
	c, _ = ParseCondition("a.revenue_share < 0.2 and b.revenue_share > 0", header, 2030)
	if _, _, _, ok := c.Closest(rows); ok {
		t.Error("a condition of two comparisons has no single closest margin")
	}
}
