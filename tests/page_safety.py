"""What a generated page may contain: the templates' own tags and attributes, nothing a translation adds."""

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "header", "nav", "main", "footer", "section",
    "div", "span", "p", "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code",
    "pre", "blockquote", "hr", "br", "small", "table", "caption", "thead", "tbody", "tr", "th", "td", "ins", "del",
}
ALLOWED_ATTRS = {"lang", "dir", "charset", "name", "content", "http-equiv", "rel", "hreflang", "href", "id", "class",
                 "role", "aria-label", "aria-labelledby", "scope", "start", "title"}
