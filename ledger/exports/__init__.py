"""The official outputs of the notice (FORMS.md §2, §6, §7, §8): each export is a
function writing to a file-like object; views and management commands wrap them."""
