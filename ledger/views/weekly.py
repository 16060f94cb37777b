def weekly_report(request):
    raise NotImplementedError


weekly_county = weekly_export = weekly_report
