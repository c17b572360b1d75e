import QuireNotebook
import Testing

/// The raw-HTML sanitizer (`--allow-raw-html`) against hostile markup: the OWASP XSS filter
/// evasion cheat sheet's patterns and the mutation tricks DOMPurify's tests collect. Chromium
/// checks the same payloads in a report (Tests/Browser/raw-html.md, run by scripts/test.sh).
@Suite struct HTMLSanitizerTests {
    static let hostile: [String] = [
        #"<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>"#,
        #"<IMG SRC="javascript:alert('XSS');">"#,
        #"<IMG SRC=javascript:alert('XSS')>"#,
        #"<IMG SRC=JaVaScRiPt:alert('XSS')>"#,
        #"<IMG SRC=`javascript:alert("RSnake says, 'XSS'")`>"#,
        #"<a onmouseover="alert(document.cookie)">xxs link</a>"#,
        #"<a onmouseover=alert(document.cookie)>xxs link</a>"#,
        #"<IMG """><SCRIPT>alert("XSS")</SCRIPT>">"#,
        #"<IMG SRC=# onmouseover="alert('xxs')">"#,
        #"<IMG SRC= onmouseover="alert('xxs')">"#,
        #"<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>"#,
        #"<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">"#,
        #"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>"#,
        #"<a href=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)>x</a>"#,
        #"<a href=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>x</a>"#,
        "<a href=\"jav\tascript:alert('XSS');\">x</a>",
        #"<a href="jav&#x09;ascript:alert('XSS');">x</a>"#,
        #"<a href="jav&#x0A;ascript:alert('XSS');">x</a>"#,
        #"<a href="jav&#x0D;ascript:alert('XSS');">x</a>"#,
        #"<a href=" &#14;  javascript:alert('XSS');">x</a>"#,
        "<a href=\"\u{1}javascript:alert(1)\">x</a>",
        #"<a href="javascript&colon;alert(1)">x</a>"#,
        #"<a href="jAvAsCrIpT&colon;alert(1)">x</a>"#,
        #"<a href="java&NewLine;script&Tab;:alert(1)">x</a>"#,
        #"<a href="  JAVASCRIPT:alert(1)">x</a>"#,
        #"<a href=javascript:alert(1)>unquoted</a>"#,
        #"<a/href="javascript:alert(1)">slash</a>"#,
        #"<a href='vbscript:msgbox("XSS")'>x</a>"#,
        #"<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>"#,
        #"<img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
        #"<img src="data:text/html,<script>alert(1)</script>">"#,
        #"<img src="https://example.org/tracker.png">"#,
        #"<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>"#,
        #"<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=alert("XSS")>"#,
        #"<<SCRIPT>alert("XSS");//\<</SCRIPT>"#,
        #"<SCRIPT SRC=http://xss.rocks/xss.js?< B >"#,
        #"<IMG SRC="`<javascript:alert>`('XSS')""#,
        #"<iframe src=http://xss.rocks/scriptlet.html <"#,
        #"</TITLE><SCRIPT>alert("XSS");</SCRIPT>"#,
        #"<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">"#,
        #"<BODY BACKGROUND="javascript:alert('XSS')">"#,
        #"<IMG DYNSRC="javascript:alert('XSS')"><IMG LOWSRC="javascript:alert('XSS')">"#,
        #"<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>"#,
        #"<svg/onload=alert('XSS')>"#,
        #"<svg><svg><script>alert(1)</script></svg><a href="javascript:alert(2)">x</a></svg>"#,
        #"<BR SIZE="&{alert('XSS')}">"#,
        #"<LINK REL="stylesheet" HREF="javascript:alert('XSS');">"#,
        #"<STYLE>@import'http://xss.rocks/xss.css';</STYLE>"#,
        #"<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">"#,
        #"<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">"#,
        #"<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">"#,
        #"<meta http-equiv="refresh" content="0;url=https://example.org/">"#,
        #"<MeTa HtTp-EqUiV=refresh content=0;url=https://example.org/>"#,
        #"<IFRAME SRC="javascript:alert('XSS');"></IFRAME>"#,
        #"<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>"#,
        #"<TABLE BACKGROUND="javascript:alert('XSS')"><TD BACKGROUND="javascript:alert('XSS')">"#,
        #"<DIV STYLE="background-image: url(javascript:alert('XSS'))">"#,
        #"<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->"#,
        #"<!--><img src=x onerror=alert(1)>-->"#,
        #"<!-- --!><img src=x onerror=alert(1)>-->"#,
        #"<BASE HREF="javascript:alert('XSS');//">"#,
        #"<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>"#,
        #"<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" type="image/svg+xml">"#,
        #"<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>"#,
        #"<SCRIPT "a='>'" SRC="httx://xss.rocks/xss.js"></SCRIPT>"#,
        #"<a title=">" onclick="alert(1)">x</a>"#,
        #"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"#,
        #"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
        #"<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>"#,
        #"<details open ontoggle=alert(1)>"#,
        #"<img src=x:alert(alt) onerror=eval(src) alt=0>"#,
        #"<video><source onerror="alert(1)">"#,
        #"<x onclick=alert(1)>click"#,
        #"<textarea><img src=x onerror=alert(1)></textarea>"#,
        #"<title><img src=x onerror=alert(1)></title>"#,
        #"<template><img src=x onerror=alert(1)></template>"#,
        #"<xmp><img src=x onerror=alert(1)></xmp>"#,
        ##"<a href="#" id="x" class="badge alert" style="position:fixed;top:0">spoof</a>"##,
        #"<?xml version="1.0"?><img src=x onerror=alert(1)>"#,
        #"<!DOCTYPE html><a href="javascript:alert(1)">x</a>"#,
        #"</div></main></body><a href=javascript:alert(1)>"#,
        #"<a href="javas<!-- -->cript:alert(1)">x</a>"#,
        #"<a href=javascript:alert(1)//"#,
        #"<img src="x" onerror="alert(1)"/>"#,
        #"<a href="&#x0000006A;avascript:alert(1)">x</a>"#,
        #"<a href="&#1114112;javascript:alert(1)">x</a>"#,
    ]

    static func sanitize(_ html: String) -> (html: String, removals: [HTMLSanitizer.Removal]) {
        var sanitizer = HTMLSanitizer()
        let (safe, removals) = sanitizer.sanitize(html)
        return (safe + sanitizer.closeOpenElements(), removals)
    }

    @Test(arguments: hostile)
    func hostileMarkupComesOutInert(_ html: String) {
        let (safe, _) = Self.sanitize(html)
        let lower = safe.lowercased()
        for forbidden in [
            "<script", "<meta", "<iframe", "<frame", "<svg", "<math", "<style", "<base", "<form", "<object", "<embed",
            "<link", "<input", "<button", "<body", "<template", "<noscript", "<textarea", "<title", "<xmp", "<source",
            // Attribute values are always written quoted; text may mention anything.
            "http-equiv", "=\"javascript:", "=\"vbscript:", "=\"data:text", "=\"data:image/svg",
            "https://example.org/tracker",
            " onerror", " onload", " onclick", " onmouseover", " ontoggle", " style=", " class=", " id=",
        ] {
            #expect(!lower.contains(forbidden), "\(forbidden) in \(safe)")
        }
    }

    /// What the sanitizer writes is in its own safe language: sanitizing it again removes nothing
    /// and changes nothing. So no tag or attribute it let through was one it would refuse.
    @Test(arguments: hostile)
    func outputIsAFixedPoint(_ html: String) {
        let (safe, _) = Self.sanitize(html)
        let (again, removals) = Self.sanitize(safe)
        #expect(removals.isEmpty, "\(removals) in \(safe)")
        #expect(again == safe)
    }

    @Test func harmlessMarkupIsKept() {
        let html =
            ##"<details open><summary>More</summary><p align="center">A <b>bold</b> <a href="https://example.org/?a=1&amp;b=2" title='x "y"'>link</a>, <a href="#results">anchor</a>, <a href="mailto:a@example.org">mail</a>.<br/></p></details>"##
        let (safe, removals) = Self.sanitize(html)
        #expect(removals.isEmpty, "\(removals)")
        #expect(
            safe
                == ##"<details open=""><summary>More</summary><p align="center">A <b>bold</b> <a href="https://example.org/?a=1&amp;b=2" title="x &quot;y&quot;">link</a>, <a href="#results">anchor</a>, <a href="mailto:a@example.org">mail</a>.<br></p></details>"##
        )
    }

    @Test func embeddedImagesAndTablesAreKept() {
        let html =
            #"<table><tr><td colspan=2><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" width="10"></td></tr></table>"#
        let (safe, removals) = Self.sanitize(html)
        #expect(removals.isEmpty)
        #expect(
            safe
                == #"<table><tr><td colspan="2"><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" width="10"></td></tr></table>"#
        )
    }

    @Test func textIsEscapedAndEntitiesInTextKept() {
        let (safe, _) = Self.sanitize("a < b > c &amp; d &lt;script&gt; <3 </ x")
        // `</ x` opens a bogus comment in a browser, which the end of the input closes.
        #expect(safe == "a &lt; b &gt; c &amp; d &lt;script&gt; &lt;3 ")
    }

    @Test func everyRemovalIsReportedWithItsOffset() {
        let html =
            #"ok <meta http-equiv="refresh" content="0"> <img src=x onerror=alert(1)> <a href="jav&#x09;ascript:x">"#
        let (_, removals) = Self.sanitize(html)
        #expect(removals.map(\.offset) == [3, 43, 43, 72])
        #expect(removals[0].description.hasPrefix("<meta>"))
        #expect(removals[1].description.hasPrefix("attribute src of <img>"))
        #expect(removals[2].description == "attribute onerror of <img> (event handlers run script)")
        #expect(removals[3].description == "attribute href of <a> (javascript: URLs run script)")
    }

    @Test func contentOfScriptsAndStylesIsDroppedWithThem() {
        #expect(Self.sanitize("a<script>var x = '<b>';</script>b").html == "ab")
        #expect(Self.sanitize("a<STYLE type=x>p{}</sTyLe >b").html == "ab")
        #expect(Self.sanitize("a<svg><svg></svg><p>hidden</p></svg>b").html == "ab")
        // Never closed: everything after is dropped.
        #expect(Self.sanitize("a<script>b").html == "a")
    }

    /// Elements stay balanced across the pieces of one prose run: end tags close what is open
    /// inside them, end tags closing nothing opened here are dropped, and the rest is closed.
    @Test func elementsStayBalancedAcrossPieces() {
        var sanitizer = HTMLSanitizer()
        #expect(sanitizer.sanitize("</div></main>").html == "")
        #expect(sanitizer.sanitize("<div><b>").html == "<div><b>")
        #expect(sanitizer.sanitize("<i>x").html == "<i>x")
        #expect(sanitizer.sanitize("</b>").html == "</i></b>")
        #expect(sanitizer.openElements == ["div"])
        #expect(sanitizer.closeOpenElements() == "</div>")
        #expect(sanitizer.openElements.isEmpty)
    }

    /// cmark gives inline HTML one tag at a time: a dropped element's content goes on being
    /// dropped, without more warnings, until its end tag or the end of its paragraph.
    @Test func droppedElementsSpanPieces() {
        var sanitizer = HTMLSanitizer()
        #expect(sanitizer.sanitize("<svg onload=alert(1)>").removals.count == 1)
        let inner = sanitizer.sanitize("<circle r=1><a href=x>")
        #expect(inner.html == "" && inner.removals.isEmpty)
        #expect(sanitizer.sanitize("</svg><b>").html == "<b>")
        _ = sanitizer.sanitize("<math>")
        sanitizer.stopSkipping()
        #expect(sanitizer.sanitize("<i>").html == "<i>")
    }

    @Test func repeatedAttributesKeepTheFirstAsBrowsersDo() {
        let (safe, _) = Self.sanitize(#"<a href="https://example.org" href="javascript:alert(1)">x</a>"#)
        #expect(safe == #"<a href="https://example.org">x</a>"#)
        let (other, removals) = Self.sanitize(#"<a href="javascript:alert(1)" href="https://example.org">x</a>"#)
        #expect(other == "<a>x</a>")
        #expect(removals.count == 1)
    }
}
