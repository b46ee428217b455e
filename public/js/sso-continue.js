// Single sign-on, after a sign-in: go on to the portal at once (the page's link does the same
// without JavaScript). A navigation, not a form, so the portal may be on another origin.
const link = document.querySelector('a[data-auto-continue]');
if (link instanceof HTMLAnchorElement) window.location.replace(link.href);
