from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
