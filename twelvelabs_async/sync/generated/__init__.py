"""Generated from the route table by ``python -m twelvelabs_async._codegen``; do not edit by hand."""
