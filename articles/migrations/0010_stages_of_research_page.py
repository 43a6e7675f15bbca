"""The editors' page that explains the stages of research, which every research article's
"What this research means" box links to (articles.models.STAGES_PAGE_SLUGS).

Made here rather than by load_demo because every site needs it, not only the demo; it is
an ordinary page from then on, which editors rewrite in the admin. The text is written out
in full: a migration is history and does not read the project's code.
"""

from django.db import migrations
from django.utils import timezone

SLUGS = {"en": "stages-of-research", "es": "etapas-de-la-investigacion"}

TITLES = {"en": "The stages of research", "es": "Las etapas de la investigación"}

BODIES = {
    "en": """
Every research article on this site says which stage the research has reached. The
stage tells you how much weight a study can bear: the earlier it is, the less it can
tell you about your own care. From the earliest to the closest to everyday care:

1. **Laboratory or animal study.** Cells grown in a dish, or animals such as mice. Most
   ideas that look promising here never work in people. Nobody should change their
   treatment because of a study at this stage.
2. **Early study in people (small, phase 1 or 2).** A few dozen or a few hundred people.
   These studies check that a treatment is safe enough, find the right dose and look for
   first signs that it works.
3. **Large clinical trial (phase 3).** Hundreds or thousands of people, often chosen at
   random to get the new treatment or the usual one. This is the test that shows whether
   a treatment really helps.
4. **Study of many people followed over time (observational).** Researchers watch what
   happens to large groups without deciding who gets what. These studies find links, for
   example between a habit and a disease, but a link does not prove that one causes the
   other.
5. **Review of many studies (systematic review, meta-analysis).** Researchers gather every
   good study on a question and weigh them together. One study can be a fluke; many
   studies that agree are much stronger evidence.
6. **Guideline or approval.** Expert bodies and regulators decide, from all the evidence,
   what doctors should offer. This is the stage at which research becomes everyday care.

Whatever the stage, talk to your doctor before changing anything about your treatment.
""",
    "es": """
Cada artículo sobre investigación de este sitio indica en qué etapa está la
investigación. La etapa dice cuánto peso puede tener un estudio: cuanto más temprana es,
menos puede decirle sobre su propia atención. De la más temprana a la más cercana a la
atención habitual:

1. **Estudio de laboratorio o en animales.** Células cultivadas en una placa o animales
   como ratones. La mayoría de las ideas que parecen prometedoras aquí nunca funcionan en
   personas. Nadie debería cambiar su tratamiento por un estudio en esta etapa.
2. **Estudio preliminar en personas (pequeño, fase 1 o 2).** Unas decenas o unos cientos de
   personas. Estos estudios comprueban que un tratamiento es lo bastante seguro, buscan
   la dosis adecuada y las primeras señales de que funciona.
3. **Ensayo clínico grande (fase 3).** Cientos o miles de personas, a menudo asignadas al
   azar al tratamiento nuevo o al habitual. Es la prueba que muestra si un tratamiento
   ayuda de verdad.
4. **Estudio de muchas personas seguidas en el tiempo (observacional).** Los
   investigadores observan lo que les ocurre a grupos grandes sin decidir quién recibe
   qué. Estos estudios encuentran relaciones, por ejemplo entre un hábito y una
   enfermedad, pero una relación no demuestra que una cosa cause la otra.
5. **Revisión de muchos estudios (revisión sistemática, metanálisis).** Los
   investigadores reúnen todos los buenos estudios sobre una pregunta y los valoran en
   conjunto. Un estudio puede ser una casualidad; muchos estudios que coinciden son una
   prueba mucho más sólida.
6. **Guía o aprobación.** Los organismos de expertos y las autoridades sanitarias
   deciden, con todas las pruebas, qué deben ofrecer los médicos. En esta etapa la
   investigación se convierte en atención habitual.

Sea cual sea la etapa, hable con su médico antes de cambiar nada de su tratamiento.
""",
}


def create_page(apps, schema_editor):
    Page = apps.get_model("articles", "Page")
    if Page.objects.filter(slug_en=SLUGS["en"]).exists():
        return
    now = timezone.now()
    fields = {"status": "published", "published_at": now, "status_changed_at": now}
    for code in SLUGS:
        fields |= {
            f"title_{code}": TITLES[code],
            f"slug_{code}": SLUGS[code],
            f"body_{code}": BODIES[code].strip(),
        }
    fields |= {
        "title": TITLES["en"],
        "slug": SLUGS["en"],
        "body": BODIES["en"].strip(),
        "english_edited_at": now,
        "spanish_edited_at": now,
    }
    Page.objects.create(**fields)


def delete_page(apps, schema_editor):
    apps.get_model("articles", "Page").objects.filter(slug_en=SLUGS["en"]).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_research_stage_and_notes")]

    operations = [migrations.RunPython(create_page, delete_page)]
