/**
 * The English house style Masthead ships: word choices and common confusions. One rule a line:
 *   wrong→right|why|contexts where it is correct (comma-separated, optional)
 * Matched as whole words, ignoring case; the suggestion keeps the capital of a word that had
 * one. The desk edits its own copy in the library's proofing/style.txt.
 */
export const EN_STYLE_RULES = `
per cent→percent|House style: "percent", one word
judgement→judgment|House style: "judgment"
judgements→judgments|House style: "judgment"
alright→all right|"All right" is the standard form
irregardless→regardless|"Irregardless" is nonstandard
could of→could have|"Of" is a mishearing of "have" ('ve)
should of→should have|"Of" is a mishearing of "have" ('ve)
would of→would have|"Of" is a mishearing of "have" ('ve)
must of→must have|"Of" is a mishearing of "have" ('ve)
might of→might have|"Of" is a mishearing of "have" ('ve)
amongst→among|House style: "among"
whilst→while|House style: "while"
firstly→first|House style: "first", "second"
e-mail→email|House style: "email"
e-mails→emails|House style: "email"
web site→website|House style: "website"
web sites→websites|House style: "website"
on-line→online|House style: "online"
okay→OK|House style: "OK"
very unique→unique|"Unique" takes no degree
most unique→unique|"Unique" takes no degree
close proximity→proximity|Redundant: proximity is closeness
past history→history|Redundant
end result→result|Redundant
free gift→gift|Redundant
advance warning→warning|Redundant
ATM machine→ATM|Redundant: the M is "machine"
PIN number→PIN|Redundant: the N is "number"
revert back→revert|Redundant
for all intensive purposes→for all intents and purposes|A mishearing of the idiom
nip it in the butt→nip it in the bud|A mishearing of the idiom
tow the line→toe the line|The idiom is "toe the line"
tows the line→toes the line|The idiom is "toe the line"
sneak peak→sneak peek|A quick look is a "peek"
free reign→free rein|The idiom comes from horse riding: "rein"
case and point→case in point|The idiom is "case in point"
one in the same→one and the same|The idiom is "one and the same"
deep-seeded→deep-seated|The idiom is "deep-seated"
baited breath→bated breath|"Bated" means held back
by in large→by and large|The idiom is "by and large"
mute point→moot point|A debatable point is "moot"
on accident→by accident|Standard usage: "by accident"
wreck havoc→wreak havoc|The verb is "wreak"
wrecked havoc→wreaked havoc|The verb is "wreak"
shoe-in→shoo-in|The idiom is "shoo-in"
could care less→couldn't care less|The idiom is negative
was lead by→was led by|The past tense of "lead" is "led"
were lead by→were led by|The past tense of "lead" is "led"
has lead to→has led to|The past participle of "lead" is "led"
have lead to→have led to|The past participle of "lead" is "led"
had lead to→had led to|The past participle of "lead" is "led"
loose weight→lose weight|"Lose" is the verb; "loose" means not tight
more then→more than|Comparisons take "than"
less then→less than|Comparisons take "than"
rather then→rather than|Comparisons take "than"
better then→better than|Comparisons take "than"
higher then→higher than|Comparisons take "than"
lower then→lower than|Comparisons take "than"
greater then→greater than|Comparisons take "than"
fewer then→fewer than|Comparisons take "than"
larger then→larger than|Comparisons take "than"
smaller then→smaller than|Comparisons take "than"
it's own→its own|The possessive is "its", without an apostrophe
take affect→take effect|The noun is "effect"
took affect→took effect|The noun is "effect"
into affect→into effect|The noun is "effect"
an affect on→an effect on|The noun is "effect"
peaked my interest→piqued my interest|To arouse interest is to "pique" it
peaked his interest→piqued his interest|To arouse interest is to "pique" it
peaked her interest→piqued her interest|To arouse interest is to "pique" it
peaked their interest→piqued their interest|To arouse interest is to "pique" it
hone in on→home in on|To move towards a target is to "home in"
supposably→supposedly|"Supposedly" is the standard form
`;
