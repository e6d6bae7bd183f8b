"""The bar chart of "When will I get paid?": positions for the SVG that templates/invoices/
payments.html draws, one chart per currency, each with its own labelled scale."""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from invoices.selectors import CurrencyWeeks, WeekAmounts
from portal.lib.l10n_tags import amount, short_date

WEEK_WIDTH, BAR_WIDTH = 48, 18  # a week holds its paid bar and its due bar side by side
PLOT_HEIGHT, AXIS_WIDTH, TOP, BOTTOM = 200, 80, 10, 40  # in SVG units; the axis labels sit left
TICKS = 4  # about this many steps from the lowest to the highest value


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str  # "paid" or "due"
    label: str  # the tooltip: week, kind and amount, as the user's language writes them


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class WeekColumn:
    x: float  # its centre
    week: WeekAmounts
    label: str  # the Monday, short
    this_week: bool


@dataclass(frozen=True)
class PaymentChart:
    currency: str
    width: int
    height: int
    axis_x: int  # where the plot starts, right of the scale's labels
    week_label_y: int  # the baseline of the weeks' labels, under the plot
    zero_y: float  # the axis: negative amounts (credit notes) go below it
    ticks: list[Tick]
    bars: list[Bar]
    weeks: list[WeekColumn]


def _step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` into about TICKS."""
    raw = span / TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if raw <= factor * magnitude)


def payment_chart(currency_weeks: CurrencyWeeks, *, today: dt.date) -> PaymentChart:
    """One currency's weeks as bars in SVG units: paid and due side by side in each week, up from
    the zero line or, for a negative total, down from it; the scale runs in round steps from the
    lowest total (or zero) to the highest (or zero), each step labelled as the language writes
    numbers. Labels are in the active language."""
    values = [float(value) for week in currency_weeks.weeks for value in (week.paid, week.due)]
    low, high = min(0.0, *values), max(0.0, *values)
    step = _step(high - low) if high > low else 1.0
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step

    def y(value: float) -> float:
        return TOP + (top - float(value)) / (top - bottom) * PLOT_HEIGHT

    decimals = 0 if step >= 1 else 2
    count = round((top - bottom) / step)
    levels = [bottom + i * step for i in range(count + 1)]
    ticks = [Tick(y(level), number_format(Decimal(str(level)), decimals, force_grouping=True)) for level in levels]
    zero = y(0)
    names = {"paid": _("Paid"), "due": _("Due")}
    currency = currency_weeks.currency
    bars, columns = [], []
    for index, week in enumerate(currency_weeks.weeks):
        left = AXIS_WIDTH + index * WEEK_WIDTH
        label = short_date(week.week)
        this_week = week.week <= today < week.week + dt.timedelta(days=7)
        columns.append(WeekColumn(left + WEEK_WIDTH / 2, week, label, this_week))
        for slot, (kind, value) in enumerate([("paid", week.paid), ("due", week.due)]):
            if not value:
                continue
            bars.append(
                Bar(
                    x=left + (WEEK_WIDTH - 2 * BAR_WIDTH) / 2 + slot * BAR_WIDTH,
                    y=min(y(value), zero),
                    width=BAR_WIDTH - 2,
                    height=abs(y(value) - zero),
                    kind=kind,
                    label=_("Week of %(week)s, %(kind)s: %(amount)s %(currency)s")
                    % {"week": label, "kind": names[kind], "amount": amount(value), "currency": currency},
                )
            )
    return PaymentChart(
        currency=currency,
        width=AXIS_WIDTH + WEEK_WIDTH * len(currency_weeks.weeks),
        height=TOP + PLOT_HEIGHT + BOTTOM,
        axis_x=AXIS_WIDTH,
        week_label_y=TOP + PLOT_HEIGHT + 16,
        zero_y=zero,
        ticks=ticks,
        bars=bars,
        weeks=columns,
    )
