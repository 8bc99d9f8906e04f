package expr

import (
	"errors"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	bdt       = time.FixedZone("BDT", 6*3600)
	testClock = time.Date(2024, 5, 2, 10, 30, 0, 0, bdt) // a Thursday
)

func districts() *Element {
	return ChoiceList(
		[]string{"name", "dhaka", "label", "Dhaka", "division", "30"},
		[]string{"name", "ctg", "label", "Chattogram", "division", "20"},
		[]string{"name", "rangamati", "label", "Rangamati", "division", "20"},
	)
}

func testEnv() *MapEnv {
	env := &MapEnv{Clock: testClock, Pos: 2, Dot: NewElement("self", "")}
	env.Set("age", "30").
		Set("empty", "").
		Set("none").
		Set("x", "x").
		Set("dob", "2000-01-01").
		Set("visit", "2024-05-01T23:30:00.000+00:00").
		Set("colors", " red green  blue ").
		Set("color", "green").
		Set("phone", "01712345678").
		Set("ages", "20", "40", "35").
		Set("ages2", "35", "99").
		Set("partial", "a", "", "b").
		Set("num_text", " 12 ").
		Set("neg", "-4.5").
		Set("fals", "false").
		Set("pattern", "[").
		Set("income", "12000").
		Set("debt", "30000").
		Set("name", "Rahima")
	env.Labels = map[string]map[string]string{
		"color":  {"red": "Red", "green": "Green"},
		"colors": {"red": "Red", "green": "Green", "blue": "Blue"},
	}
	env.Instances = map[string]Node{"districts": districts()}
	return env
}

type nodes []string

type evalCase struct {
	src  string
	want any // bool, float64, int, string, nodes, or error text (errText)
}

type errText string

func checkEval(t *testing.T, env Env, tt evalCase) {
	t.Helper()
	e, err := Parse(tt.src)
	if err != nil {
		t.Errorf("Parse(%q): %v", tt.src, err)
		return
	}
	v, err := e.Eval(env)
	if want, ok := tt.want.(errText); ok {
		var ee *EvalError
		if !errors.As(err, &ee) || !strings.Contains(err.Error(), string(want)) {
			t.Errorf("Eval(%q) = %v, %v; want *EvalError containing %q", tt.src, v, err, want)
		}
		return
	}
	if err != nil {
		t.Errorf("Eval(%q): %v", tt.src, err)
		return
	}
	switch w := tt.want.(type) {
	case bool:
		if v.Kind() != KindBoolean || v.Bool() != w {
			t.Errorf("Eval(%q) = %s %q, want boolean %v", tt.src, v.Kind(), v, w)
		}
	case int:
		checkNumber(t, tt.src, v, float64(w))
	case float64:
		checkNumber(t, tt.src, v, w)
	case string:
		if v.Kind() != KindString || v.String() != w {
			t.Errorf("Eval(%q) = %s %q, want string %q", tt.src, v.Kind(), v, w)
		}
	case nodes:
		if v.Kind() != KindNodeSet || !reflect.DeepEqual(v.Values(), []string(w)) && !(len(w) == 0 && v.Len() == 0) {
			t.Errorf("Eval(%q) = %s %q, want node-set %q", tt.src, v.Kind(), v.Values(), w)
		}
	default:
		t.Fatalf("bad want type %T", tt.want)
	}
}

func checkNumber(t *testing.T, src string, v Value, w float64) {
	t.Helper()
	got := v.Number()
	if v.Kind() != KindNumber || !(got == w || math.IsNaN(got) && math.IsNaN(w)) || got == 0 && math.Signbit(got) != math.Signbit(w) {
		t.Errorf("Eval(%q) = %s %q, want number %v", src, v.Kind(), v, w)
	}
}

var nan = math.NaN()

func TestEvalOperators(t *testing.T) {
	tests := []evalCase{
		// arithmetic and precedence
		{"1 + 2 * 3", 7},
		{"(1 + 2) * 3", 9},
		{"10 - 4 - 3", 3},
		{"2 * 3 div 4", 1.5},
		{"7 mod 3", 1},
		{"-7 mod 3", -1},
		{"7 mod -3", 1},
		{"5.5 mod 2", 1.5},
		{"1 div 0", math.Inf(1)},
		{"-1 div 0", math.Inf(-1)},
		{"0 div 0", nan},
		{"1 mod 0", nan},
		{"-3", -3},
		{"--3", 3},
		{"- ${age}", -30},
		{"-2 * 3", -6},
		{"0.1 + 0.2", 0.30000000000000004},
		{"1 + 2 = 3", true},
		{"1 + 2 * 3 = 7 and 2 > 1", true},
		// string to number
		{"'3' + '4'", 7},
		{"'abc' + 1", nan},
		{"'' + 1", nan},
		{"${empty} + 1", nan},
		{"${none} + 1", nan},
		{"' 12 ' * 2", 24},
		{"${num_text} * 2", 24},
		{"${neg} + 1", -3.5},
		{"'1e3' + 0", nan},
		{"'+5' + 0", nan},
		{"'.5' + 0", 0.5},
		{"'5.' + 0", 5},
		{"'-' + 0", nan},
		{"true() + 1", 2},
		{"false() * 3", 0},
		// comparisons, XPath 1.0 section 3.4
		{"1 = 1", true},
		{"1 != 1", false},
		{"1 = '1'", true},
		{"1 = '1.0'", true},
		{"'1' = '1.0'", false},
		{"'abc' = 'abc'", true},
		{"'abc' != 'abd'", true},
		{"'abc' < 'abd'", false},
		{"'2' < '10'", true},
		{"2 < 10", true},
		{"2 <= 2", true},
		{"3 > 2", true},
		{"3 >= 4", false},
		{"true() = 'x'", true},
		{"false() = ''", true},
		{"true() = 1", true},
		{"false() = 0", true},
		{"true() > false()", true},
		{"1 < 2 < 3", true},
		{"3 > 2 > 1", false},
		{"number('x') = number('x')", false},
		{"number('x') != number('x')", true},
		{"number('x') < 1", false},
		{"number('x') >= 1", false},
		{"${age} > 18", true},
		{"${age} = 30", true},
		{"${age} = '30'", true},
		{"'30' = ${age}", true},
		{"18 < ${age}", true},
		{"${empty} > 0", false},
		{"${empty} < 1", false},
		{"${empty} = ''", true},
		{"${empty} != ''", false},
		{"${none} = ''", false},
		{"${none} != ''", false},
		{"${ages} = 40", true},
		{"${ages} != 40", true},
		{"${ages} > 39", true},
		{"${ages} > 40", false},
		{"${ages} < 21", true},
		{"21 > ${ages}", true},
		{"${ages} = ${age}", false},
		{"${ages} = ${ages2}", true},
		{"${ages} != ${ages2}", true},
		{"${none} = ${none}", false},
		// node-set against boolean
		{"${x} = true()", true},
		{"${empty} = true()", false},
		{"${empty} = false()", true},
		{"${none} = false()", true},
		{"${ages} = true()", true},
		// logic
		{"true() or false() and false()", true},
		{"(true() or false()) and false()", false},
		{"1 and 0", false},
		{"'a' and ''", false},
		{"'false' and true()", true},
		{"${fals} and true()", true},
		{"${x} or ${empty}", true},
		{"${empty} or ${none}", false},
		{"not(${empty})", true},
		{"not(${x})", false},
		{"not(${none})", true},
		{"not(${ages})", false},
		// short-circuits must not touch the other side
		{"false() and ${unknown}", false},
		{"true() or ${unknown}", true},
		{"if(true(), 1, ${unknown})", 1},
		{"if(false(), ${unknown}, 'b')", "b"},
		{"coalesce('a', ${unknown})", "a"},
		// the union operator parses but is refused
		{"${a} | ${b}", errText("the union operator | is not supported")},
	}
	env := testEnv()
	for _, tt := range tests {
		checkEval(t, env, tt)
	}
}

func TestEvalPrecedenceTruthTable(t *testing.T) {
	e := MustParse("not(${a}) and ${b} or ${c}")
	vals := []string{"", "yes"}
	for _, a := range vals {
		for _, b := range vals {
			for _, c := range vals {
				env := NewMapEnv(map[string]string{"a": a, "b": b, "c": c})
				got, err := e.EvalBool(env)
				want := (a == "" && b != "") || c != ""
				if err != nil || got != want {
					t.Errorf("a=%q b=%q c=%q: got %v, %v; want %v", a, b, c, got, err, want)
				}
			}
		}
	}
}

func TestEvalFunctions(t *testing.T) {
	tests := []evalCase{
		{"true()", true},
		{"false()", false},
		{"not(1)", false},
		{"not('')", true},
		{"boolean('false')", true},
		{"boolean(0)", false},
		{"boolean(-0.5)", true},
		{"boolean(0 div 0)", false},
		{"boolean('')", false},
		{"boolean(${empty})", false},
		{"boolean(${none})", false},
		{"boolean-from-string(${fals})", false},
		{"boolean-from-string('TRUE')", true},
		{"boolean-from-string(' 1 ')", true},
		{"boolean-from-string('yes')", false},
		{"number('12')", 12},
		{"number(' -2.5 ')", -2.5},
		{"number('twelve')", nan},
		{"number(true())", 1},
		{"number('2024-05-02')", 19845},
		{"number()", nan},
		{"string(1.50)", "1.5"},
		{"string(-0)", "0"},
		{"string(1 div 0)", "Infinity"},
		{"string(-1 div 0)", "-Infinity"},
		{"string(0 div 0)", "NaN"},
		{"string(true())", "true"},
		{"string(1000000 * 1000000)", "1000000000000"},
		{"string(pow(10, 21))", "1000000000000000000000"},
		{"string(0.000001)", "0.000001"},
		{"string(${ages})", "20"},
		{"string(${none})", ""},
		{"string()", ""},

		{"selected(${colors}, 'red')", true},
		{"selected(${colors}, 'blue')", true},
		{"selected(${colors}, ' blue ')", true},
		{"selected(${colors}, 'gre')", false},
		{"selected(${colors}, 'red green')", false},
		{"selected(${empty}, '')", false},
		{"selected(${colors}, 'red') and not(selected(${colors}, 'pink'))", true},
		{"count-selected(${colors})", 3},
		{"count-selected(${empty})", 0},
		{"count-selected('a')", 1},
		{"selected-at(${colors}, 0)", "red"},
		{"selected-at(${colors}, 2)", "blue"},
		{"selected-at(${colors}, 1.7)", "green"},
		{"selected-at(${colors}, 3)", ""},
		{"selected-at(${colors}, -1)", ""},
		{"selected-at(${colors}, 0 div 0)", ""},
		{"jr:choice-name(${color}, '${color}')", "Green"},
		{"jr:choice-name('red', '/data/group/color')", "Red"},
		{"jr:choice-name(selected-at(${colors}, 2), '${colors}')", "Blue"},
		{"jr:choice-name('purple', '${color}')", ""},
		{"jr:choice-name(${empty}, '${color}')", ""},
		{"jr:choice-name('red', '${name}')", errText(`no choice list for question "name"`)},

		{"string-length('hello')", 5},
		{"string-length('বাংলা')", 5},
		{"string-length(${empty})", 0},
		{"string-length(${age})", 2},
		{"string-length()", 0},
		{"concat('a', ${age}, 1 div 2, true())", "a300.5true"},
		{"concat(${ages})", "204035"},
		{"concat(${none}, 'x')", "x"},
		{"join(', ', ${ages})", "20, 40, 35"},
		{"join('-', 'a', ${ages}, 1)", "a-20-40-35-1"},
		{"join(',')", ""},
		{"substr('hello', 1, 3)", "el"},
		{"substr('hello', 2)", "llo"},
		{"substr('hello', -1, 99)", "hello"},
		{"substr('hello', 3, 1)", ""},
		{"substr('hello', 0 div 0)", "hello"},
		{"substr('বাংলা', 1, 3)", "\u09be\u0982"},
		{"substring('12345', 2, 3)", "234"},
		{"substring('12345', 2)", "2345"},
		{"substring('12345', 1.5, 2.6)", "234"},
		{"substring('12345', 0, 3)", "12"},
		{"substring('12345', 0 div 0, 3)", ""},
		{"substring('12345', 1, 0 div 0)", ""},
		{"substring('12345', -42, 1 div 0)", "12345"},
		{"substring('12345', -1 div 0, 1 div 0)", ""},
		{"substring('বাংলা', 2, 2)", "\u09be\u0982"},
		{"substring-before('1999/04/01', '/')", "1999"},
		{"substring-before('abc', 'x')", ""},
		{"substring-after('1999/04/01', '/')", "04/01"},
		{"substring-after('abc', '')", "abc"},
		{"substring-after('abc', 'x')", ""},
		{"contains(${name}, 'hi')", true},
		{"contains(${name}, 'x')", false},
		{"starts-with(${phone}, '017')", true},
		{"starts-with(${phone}, '018')", false},
		{"ends-with(${phone}, '678')", true},
		{"ends-with(${phone}, '0')", false},
		{"translate('abc', 'ab', 'A')", "Ac"},
		{"translate('--aaa--', 'abc-', 'ABC')", "AAA"},
		{"translate('১২৩', '০১২৩৪৫৬৭৮৯', '0123456789')", "123"},
		{"normalize-space('  a \t  b\n ')", "a b"},
		{"normalize-space()", ""},

		{"if(${age} > 18, 'adult', 'minor')", "adult"},
		{"if('', 1, 2)", 2},
		{"if(${empty}, 1, 2)", 2},
		{"if(true(), ${ages}, 0)", nodes{"20", "40", "35"}},
		{"coalesce(${empty}, 'x')", "x"},
		{"coalesce(${age}, 'x')", "30"},
		{"coalesce(${none}, ${empty})", ""},
		{"once(concat('a', 'b'))", "ab"},

		{"int(3.7)", 3},
		{"int(-3.7)", -3},
		{"int('')", nan},
		{"int('42')", 42},
		{"round(2.5)", 3},
		{"round(2.4)", 2},
		{"round(-2.5)", -2},
		{"round(-2.6)", -3},
		{"round(0.49999999999999994)", 0},
		{"round(0 div 0)", nan},
		{"round(1 div 0)", math.Inf(1)},
		{"round(1.005, 2)", 1.01},
		{"round(2.675, 2)", 2.68},
		{"round(-2.675, 2)", -2.67},
		{"round(-2.676, 2)", -2.68},
		{"round(1.2345, 3)", 1.235},
		{"round(1234.5, -2)", 1200},
		{"round(1250, -2)", 1300},
		{"round(0.0049, 2)", 0},
		{"round(0.006, 2)", 0.01},
		{"round(5, 2)", 5},
		{"round(7.5, 0)", 8},
		{"round(2.5, 0 div 0)", nan},
		{"round(${debt} div ${income}, 2)", 2.5},
		{"pow(2, 10)", 1024},
		{"pow(4, 0.5)", 2},
		{"abs(-3)", 3},
		{"abs(${neg})", 4.5},
		{"floor(-1.5)", -2},
		{"floor(1.5)", 1},
		{"ceiling(1.2)", 2},
		{"ceiling(-1.2)", -1},
		{"log(1)", 0},
		{"log10(1000)", 3},
		{"sqrt(16)", 4},
		{"exp(0)", 1},
		{"exp10(2)", 100},
		{"sin(0)", 0},
		{"cos(0)", 1},
		{"tan(0)", 0},
		{"asin(0)", 0},
		{"acos(1)", 0},
		{"atan(0)", 0},
		{"atan2(0, 1)", 0},
		{"pi() > 3.14159 and pi() < 3.1416", true},

		{"regex(${phone}, '^01[3-9][0-9]{8}$')", true},
		{"regex('0171234567', '^01[3-9][0-9]{8}$')", false},
		{"regex('abc', 'b')", true},
		{"regex(${phone}, concat('^', '017'))", true},
		{"regex('a', ${pattern})", errText("invalid regular expression")},

		{"position()", 2},
		{"last()", 1},
		{"count(${ages})", 3},
		{"count(${none})", 0},
		{"count(${age})", 1},
		{"count('x')", errText("count() needs a node-set such as ${name}, not a string")},
		{"count-non-empty(${partial})", 2},
		{"sum(${ages})", 95},
		{"sum(${none})", 0},
		{"sum(${partial})", nan},
		{"sum(1)", errText("sum() needs a node-set")},
		{"min(${ages})", 20},
		{"max(${ages})", 40},
		{"max(${ages}, 50)", 50},
		{"min(${ages}, ${age}, 25)", 20},
		{"max(${ages}, ${empty})", nan},
		{"min(${none})", nan},
		{"max(3, '7', true())", 7},

		{"string-length(uuid())", 36},
		{"string-length(uuid(8))", 8},
		{"uuid(0)", ""},
		{"uuid(-1)", errText("uuid() length must be between 0 and 1024")},
		{"uuid(1 div 0)", errText("uuid() length")},
		{"random() >= 0 and random() < 1", true},

		{"instance('districts')/root/item[name = 'ctg']/label", nodes{"Chattogram"}},
		{"count(instance('districts')/root/item[division = 20])", 2},
		{"instance('districts')/root/item[division = 20][2]/name", nodes{"rangamati"}},
		{"instance('districts')/root/item[position() = last()]/name", nodes{"rangamati"}},
		{"instance('districts')/root/item[last()]/label", nodes{"Rangamati"}},
		{"instance('districts')/root/item[1]/*", nodes{"dhaka", "Dhaka", "30"}},
		{"instance('districts')/root/item[name = ${color}]", nodes{}},
		{"count(instance('districts')//name)", 3},
		{"count(instance('districts')/root/*)", 3},
		{"count(instance('districts')/root/item/..)", 1},
		{"instance('districts')/root/item[2]/name = 'ctg'", true},
		{"pulldata('districts', 'label', 'name', 'dhaka')", "Dhaka"},
		{"pulldata('districts', 'label', 'name', 'sylhet')", ""},
		{"pulldata('districts', 'nope', 'name', 'dhaka')", ""},
		{"pulldata('nope', 'label', 'name', 'dhaka')", errText(`no secondary instance "nope"`)},
		{"instance('nope')/root", errText(`no secondary instance "nope"`)},
		{"${ages}[2]", nodes{"40"}},
		{"${ages}[. > 30]", nodes{"40", "35"}},
		{"count(${ages}[. > 30])", 2},
		{"'x'[1]", errText("a string has no nodes to select from")},
		{"${unknown}", errText(`no question named "unknown"`)},
		{"position(${age})", errText("position() needs a node such as ..")},
	}
	env := testEnv()
	for _, tt := range tests {
		checkEval(t, env, tt)
	}
}

func TestEvalDates(t *testing.T) {
	tests := []evalCase{
		{"today()", "2024-05-02"},
		{"now()", "2024-05-02T10:30:00.000+06:00"},
		{"today() - ${dob}", 8888},
		{"int((today() - ${dob}) div 365.25)", 24},
		{"${dob} < today()", true},
		{"${dob} < '1999-12-31'", false},
		{"${dob} >= '2000-01-01'", true},
		{"${dob} = '2000-01-01'", true},
		{"today() > '2024-05-01' and today() <= '2024-05-02'", true},
		{"today() + 1", 19846},
		{"date(today() + 7)", "2024-05-09"},
		{"date(${dob} + 30)", "2000-01-31"},
		{"date(${dob} - 1)", "1999-12-31"},
		{"date(19845)", "2024-05-02"},
		{"date(19845.9)", "2024-05-02"},
		{"date(-1)", "1969-12-31"},
		{"date('19845')", "2024-05-02"},
		{"date('2024-01-31')", "2024-01-31"},
		{"date(' 2024-01-31 ')", "2024-01-31"},
		{"date(${empty})", ""},
		{"date(${empty} + 1)", ""},
		{"date(${visit})", "2024-05-02"},
		{"date('2024-02-29')", "2024-02-29"},
		{"date('2023-02-29')", errText(`"2023-02-29" is not a date`)},
		{"date('2024-13-01')", errText("is not a date")},
		{"date('yesterday')", errText(`"yesterday" is not a date (expected YYYY-MM-DD)`)},
		{"date(true())", errText("date() needs a date, not a boolean")},
		{"date(1 div 0)", errText("Infinity is outside the years 1 to 9999")},
		{"date(3000000)", errText("outside the years")},
		{"now() - today()", 0.4375},
		{"now() > today()", true},
		{"${visit} > today()", true},
		{"round((${visit} - '2024-05-02') * 24, 6)", 5.5},
		{"decimal-date-time('1970-01-02')", 1},
		{"decimal-date-time('1970-01-01T12:00:00')", 0.5},
		{"decimal-date-time('1970-01-01T00:00:00Z')", 0.25},
		{"decimal-date-time('1970-01-01T06:00:00.000+06:00')", 0.25},
		{"decimal-date-time('1970-01-01T00:00:00-0600')", 0.5},
		{"decimal-date-time(${empty})", nan},
		{"decimal-date-time(12.5)", 12.5},
		{"date-time(0.5)", "1970-01-01T12:00:00.000+06:00"},
		{"date-time('2024-05-02')", "2024-05-02T00:00:00.000+06:00"},
		{"date-time(decimal-date-time(${visit}))", "2024-05-02T05:30:00.000+06:00"},
		{"date-time(${empty})", ""},
		{"format-date('2024-05-02', '%Y/%m/%d %y %n %e %b %a')", "2024/05/02 24 5 2 May Thu"},
		{"format-date(${dob}, '%e %b %Y')", "1 Jan 2000"},
		{"format-date(today(), '%d-%m-%Y')", "02-05-2024"},
		{"format-date(today() + 30, '%d-%m-%Y')", "01-06-2024"},
		{"format-date(${empty}, '%Y')", ""},
		{"format-date(${dob}, '100%% %q')", "100% %q"},
		{"format-date('x', '%Y')", errText("is not a date")},
		{"format-date-time('2024-05-02T07:05:09.123+06:00', '%H %h %M %S %3')", "07 7 05 09 123"},
		{"format-date-time(${visit}, '%Y-%m-%d %H:%M')", "2024-05-02 05:30"},
		{"format-date-time(now(), '%a %H:%M')", "Thu 10:30"},
		{"decimal-time('12:00:00.000+06:00')", 0.5},
		{"decimal-time('06:00:00.000Z')", 0.5},
		{"decimal-time('18:00')", 0.75},
		{"decimal-time(${empty})", nan},
		{"decimal-time('25:00')", errText("is not a time")},
		{"number('2024-05-02T06:00:00+06:00')", 19845.25},
		{"number('2024-05-02T00:00:00Z')", 19845.25},
		{"'2018-01-01' + 1", 17533},
	}
	env := testEnv()
	for _, tt := range tests {
		checkEval(t, env, tt)
	}
}

func TestEvalDatesInUTC(t *testing.T) {
	// With a UTC clock, day numbers are exactly the spec's "days since
	// January 1, 1970 UTC".
	env := testEnv()
	env.Clock = time.Date(2024, 5, 1, 22, 0, 0, 0, time.UTC)
	for _, tt := range []evalCase{
		{"today()", "2024-05-01"},
		{"now()", "2024-05-01T22:00:00.000+00:00"},
		{"decimal-date-time('1970-01-01T06:00:00.000+06:00')", 0},
		{"decimal-date-time('2018-01-01')", 17532},
		{"date(${visit})", "2024-05-01"},
	} {
		checkEval(t, env, tt)
	}
}

func TestOnceKeepsExistingValue(t *testing.T) {
	env := testEnv()
	env.Dot = NewElement("q", "kept")
	checkEval(t, env, evalCase{"once(uuid())", "kept"})
	env.Dot = nil
	checkEval(t, env, evalCase{"once('new')", "new"})
	checkEval(t, env, evalCase{".", nodes{}})
	checkEval(t, env, evalCase{"current()", nodes{}})
}

func TestUUIDFormat(t *testing.T) {
	v, err := MustParse("uuid()").EvalString(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(v) {
		t.Errorf("uuid() = %q, not an RFC 4122 version 4 UUID", v)
	}
	w, _ := MustParse("uuid()").EvalString(nil)
	if v == w {
		t.Error("two uuid() calls returned the same value")
	}
	s, _ := MustParse("uuid(12)").EvalString(nil)
	if !regexp.MustCompile(`^[0-9A-Za-z]{12}$`).MatchString(s) {
		t.Errorf("uuid(12) = %q", s)
	}
}

// household builds a primary instance with a three-member repeat and
// returns it with the age node of the second member.
func household() (*Element, *Element) {
	member := func(name, age string) *Element {
		return NewElement("hh", "", NewElement("member", name), NewElement("age", age))
	}
	data := NewElement("data", "",
		NewElement("name", "Rahima"),
		member("Karim", "40"),
		member("Salma", "35"),
		member("Nila", "8"),
		NewElement("orx:meta", "", NewElement("orx:instanceID", "uuid:1")),
	)
	second := data.Children()[2].(*Element)
	return data, second.Child("age")
}

func TestEvalRepeatsAndPaths(t *testing.T) {
	_, age := household()
	env := &MapEnv{Dot: age, Pos: 2, Clock: testClock}
	// Seen from outside the repeat, ${member_age} stands for every instance.
	env.Set("member_age", "40", "35", "8").Set("member", "Salma")
	tests := []evalCase{
		{"position(..)", 2},
		{"position(current()/..)", 2},
		{"position()", 2},
		{"position(/data/hh[3])", 3},
		{"position(/data/name)", 1},
		{"position(/data)", 1},
		{"position(/data/hh[age = 99])", errText("position() was given no node")},
		{".", nodes{"35"}},
		{". > 18", true},
		{"../member", nodes{"Salma"}},
		{"../member = ${member}", true},
		{"..", nodes{"Salma35"}},
		{"../../name", nodes{"Rahima"}},
		{"/data/name", nodes{"Rahima"}},
		{"/data/name = 'Rahima'", true},
		{"count(/data/hh)", 3},
		{"sum(/data/hh/age)", 83},
		{"max(/data/hh/age)", 40},
		{"/data/hh[position() = 3]/member", nodes{"Nila"}},
		{"/data/hh[3]/member", nodes{"Nila"}},
		{"/data/hh[age > 18]/member", nodes{"Karim", "Salma"}},
		{"/data/hh[member = current()/../member]/age", nodes{"35"}},
		{"/data/hh[2]/age = .", true},
		{"/data/hh[age < current()]/member", nodes{"Nila"}},
		{"count(//age)", 3},
		{"count(//hh//age)", 3},
		{"count(/)", 1},
		{"count(/*)", 1},
		{"count(/data/*)", 5},
		{"count(/data/hh/age/..)", 3},
		{"count(/data/hh/..)", 1},
		{"count(/data/hh/descendant-or-self::node())", 9},
		{"count(/data/descendant::age)", 3},
		{"count(descendant::*)", 0},
		{"count(self::age)", 1},
		{"count(self::member)", 0},
		{"count(parent::hh)", 1},
		{"count(/data/orx:*)", 1},
		{"/data/orx:meta/orx:instanceID", nodes{"uuid:1"}},
		{"count(/data/node())", 5},
		{"(/data/hh)[2]/member", nodes{"Salma"}},
		{"(/data/hh/member)[last()]", nodes{"Nila"}},
		{"count(${member_age})", 3},
		{"sum(${member_age})", 83},
		{"max(${member_age})", 40},
		{"${member_age}[2]", nodes{"35"}},
		{"count(${member_age}[. > 18])", 2},
		{"${member_age}[position() = last()]", nodes{"8"}},
		{"boolean(/data/hh[9])", false},
		{"boolean(/data/name)", true},
		{"join(' ', /data/hh/member)", "Karim Salma Nila"},
		{"concat(/data/hh/member)", "KarimSalmaNila"},
		{"once('x')", "35"},
		{"string-length()", 2},
		{"number()", 35},
		{"normalize-space()", "35"},
	}
	for _, tt := range tests {
		checkEval(t, env, tt)
	}

	// Paths need a tree.
	bare := testEnv()
	bare.Dot = nil
	for _, tt := range []evalCase{
		{"../x", errText("a relative path needs the form's instance tree")},
		{"/data/x", errText("an absolute path needs the form's instance tree")},
		{"1 + /data/x", errText(`(in "/data/x")`)},
	} {
		checkEval(t, bare, tt)
	}
}

func TestEvalErrorPointsAtCulprit(t *testing.T) {
	_, err := MustParse("if(${age} > 18, 1 + ${missing}, 0)").Eval(testEnv())
	var ee *EvalError
	if !errors.As(err, &ee) {
		t.Fatalf("err = %v, want *EvalError", err)
	}
	if ee.Offset != 20 || ee.Text != "${missing}" {
		t.Errorf("EvalError = {Offset:%d Text:%q}, want {20 \"${missing}\"}", ee.Offset, ee.Text)
	}
	if ee.Unwrap() == nil {
		t.Error("EvalError does not wrap the Env's error")
	}
	want := `no question named "missing" (in "${missing}")`
	if err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestEvalHelpersAndNilEnv(t *testing.T) {
	ok, err := MustParse("1 < 2").EvalBool(nil)
	if err != nil || !ok {
		t.Errorf("EvalBool = %v, %v", ok, err)
	}
	if _, err := MustParse("${a}").EvalBool(nil); err == nil {
		t.Error("EvalBool with unknown ref: no error")
	}
	s, err := MustParse("concat('a', 1)").EvalString(nil)
	if err != nil || s != "a1" {
		t.Errorf("EvalString = %q, %v", s, err)
	}
	if _, err := MustParse("${a}").EvalString(nil); err == nil {
		t.Error("EvalString with unknown ref: no error")
	}
	// The real clock is used when none is injected.
	today, err := MustParse("today()").EvalString(&MapEnv{})
	if err != nil || today != time.Now().Format("2006-01-02") {
		t.Errorf("today() with real clock = %q, %v", today, err)
	}
}

func TestValueConversions(t *testing.T) {
	tests := []struct {
		v      Value
		kind   Kind
		b      bool
		n      float64
		s      string
		values []string
	}{
		{StringValue(""), KindString, false, nan, "", []string{""}},
		{StringValue("false"), KindString, true, nan, "false", []string{"false"}},
		{StringValue(" 7 "), KindString, true, 7, " 7 ", []string{" 7 "}},
		{StringValue("1970-01-03T00:00:00Z"), KindString, true, 2, "1970-01-03T00:00:00Z", []string{"1970-01-03T00:00:00Z"}},
		{NumberValue(0), KindNumber, false, 0, "0", []string{"0"}},
		{NumberValue(nan), KindNumber, false, nan, "NaN", []string{"NaN"}},
		{NumberValue(-1.25), KindNumber, true, -1.25, "-1.25", []string{"-1.25"}},
		{BoolValue(true), KindBoolean, true, 1, "true", []string{"true"}},
		{BoolValue(false), KindBoolean, false, 0, "false", []string{"false"}},
		{NodeSetValue(), KindNodeSet, false, nan, "", []string{}},
		{NodeSetValue(""), KindNodeSet, false, nan, "", []string{""}},
		{NodeSetValue("3", "4"), KindNodeSet, true, 3, "3", []string{"3", "4"}},
		{NodeSetValue("", ""), KindNodeSet, true, nan, "", []string{"", ""}},
	}
	for i, tt := range tests {
		v := tt.v
		n := v.Number()
		if v.Kind() != tt.kind || v.Bool() != tt.b || v.String() != tt.s ||
			!(n == tt.n || math.IsNaN(n) && math.IsNaN(tt.n)) || !reflect.DeepEqual(v.Values(), tt.values) {
			t.Errorf("%d: got kind=%s bool=%v num=%v str=%q values=%q", i, v.Kind(), v.Bool(), n, v.String(), v.Values())
		}
	}
	if NodeSetValue("a", "b").Len() != 2 || StringValue("x").Len() != 1 {
		t.Error("Len")
	}
	for k, want := range map[Kind]string{KindString: "string", KindNumber: "number", KindBoolean: "boolean", KindNodeSet: "node-set", Kind(9): "unknown"} {
		if k.String() != want {
			t.Errorf("Kind(%d).String() = %q", k, k.String())
		}
	}
}

func TestElementAndMapEnv(t *testing.T) {
	root := NewElement("root", "a", NewElement("b", "x"), NewElement("c", "y"))
	if root.Value() != "axy" || root.Parent() != nil || root.Child("c").Value() != "y" || root.Child("z") != nil {
		t.Error("Element tree accessors")
	}
	if root.Child("b").Parent() != Node(root) {
		t.Error("child parent not set")
	}
	env := NewMapEnv(map[string]string{"a": "1"})
	if v, err := env.Ref("a"); err != nil || len(v) != 1 || v[0] != "1" {
		t.Errorf("Ref = %v, %v", v, err)
	}
	if _, err := env.Instance("x"); err == nil {
		t.Error("unknown instance: no error")
	}
	if _, err := env.ChoiceLabel("q", "v"); err == nil {
		t.Error("unknown choice list: no error")
	}
	if env.Position() != 0 || env.Current() != nil {
		t.Error("zero MapEnv position/current")
	}
	var zero MapEnv
	zero.Set("x")
	if v, err := zero.Ref("x"); err != nil || v == nil || len(v) != 0 {
		t.Errorf("Set with no values: %v, %v", v, err)
	}
}

func TestEvalWorkBudget(t *testing.T) {
	items := make([][]string, 300)
	for i := range items {
		items[i] = []string{"name", formatNumber(float64(i))}
	}
	env := testEnv()
	env.Instances["big"] = ChoiceList(items...)
	// A sane filter over a big list is fine...
	checkEval(t, env, evalCase{"count(instance('big')/root/item[name > 149])", 150})
	checkEval(t, env, evalCase{"instance('big')/root/item/name = 299", true})
	// ...but nested predicates over // grow exponentially and are stopped.
	checkEval(t, env, evalCase{
		"count(instance('big')//*[count(instance('big')//*[count(instance('big')//*) > 0]) > 0])",
		errText("too expensive to evaluate"),
	})
	// Comparing node-sets pairs every node with every other, and is
	// charged that way.
	// 601 nodes: each comparison is charged 361,201 steps.
	all := "instance('big')//* = instance('big')//*"
	checkEval(t, env, evalCase{all + strings.Repeat(" and "+all, 2), true})
	checkEval(t, env, evalCase{all + strings.Repeat(" and "+all, 6), errText("too expensive to evaluate")})
}
