"""The official outputs of the notice (附件1–6): each export is a
function writing to a file-like object; views and management commands wrap them."""
