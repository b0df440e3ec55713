package web

import (
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	md := "# Round 1 <b>report</b>\n\nSome **bold** and `code` & more\ntext.\n\n- item one\n\n  Why: a reason\n- item <two>\n\n| Team | Score |\n|---|--:|\n| a \\| b | **1.0** |\n"
	got := string(markdown(md))
	for _, want := range []string{
		"<h1>Round 1 &lt;b&gt;report&lt;/b&gt;</h1>",
		"<p>Some <strong>bold</strong> and <code>code</code> &amp; more text.</p>",
		"<li>item one</li>", `<p class="note">Why: a reason</p>`, "<li>item &lt;two&gt;</li>",
		`<th class="l">Team</th><th class="r">Score</th>`,
		`<td class="l">a | b</td><td class="r"><strong>1.0</strong></td>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %s\n%s", want, got)
		}
	}
	if strings.Contains(got, "<b>") || strings.Contains(got, "<two>") {
		t.Errorf("markdown let HTML through:\n%s", got)
	}
}
