"""On PostgreSQL, triggers refuse the UPDATE and DELETE that the billing rules forbid, whoever sends them.

- Invoices and credit notes: a draft may change or go; an issued document may only become
  « cancelled » (a credit note cancelling it), nothing else of it changing; nothing else, and no delete.
- Their lines: only while their document is a draft.
- Payments: never updated nor deleted (a mistake is corrected by another entry).

The demo seeding back-dates the invoices it issues: it sets `mutualis.rewrite_issued_documents` for
its own transaction (`SET LOCAL`), the one way past these triggers (docs/hardening.md).
"""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION mutualis_rewrite_allowed() RETURNS boolean AS $$
    SELECT coalesce(current_setting('mutualis.rewrite_issued_documents', true), '') = 'on';
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION mutualis_document_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'draft' OR mutualis_rewrite_allowed() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'issued' AND NEW.status = 'cancelled'
       AND (to_jsonb(NEW) - 'status' - 'updated_at') = (to_jsonb(OLD) - 'status' - 'updated_at') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Le document émis % ne peut être ni modifié ni supprimé : émettez un avoir.', OLD.number
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION mutualis_document_line_guard() RETURNS trigger AS $$
DECLARE
    document_status text;
BEGIN
    EXECUTE format('SELECT status FROM %I WHERE id = $1', TG_ARGV[0]) INTO document_status USING OLD.document_id;
    IF document_status IS NULL OR document_status = 'draft' OR mutualis_rewrite_allowed() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'Les lignes d''un document émis ne peuvent être ni modifiées ni supprimées.'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION mutualis_payment_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Un paiement enregistré ne peut être ni modifié ni supprimé (% refusé).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS billing_invoice_guard ON billing_invoice;
CREATE TRIGGER billing_invoice_guard BEFORE UPDATE OR DELETE ON billing_invoice
    FOR EACH ROW EXECUTE FUNCTION mutualis_document_guard();
DROP TRIGGER IF EXISTS billing_creditnote_guard ON billing_creditnote;
CREATE TRIGGER billing_creditnote_guard BEFORE UPDATE OR DELETE ON billing_creditnote
    FOR EACH ROW EXECUTE FUNCTION mutualis_document_guard();
DROP TRIGGER IF EXISTS billing_invoiceline_guard ON billing_invoiceline;
CREATE TRIGGER billing_invoiceline_guard BEFORE UPDATE OR DELETE ON billing_invoiceline
    FOR EACH ROW EXECUTE FUNCTION mutualis_document_line_guard('billing_invoice');
DROP TRIGGER IF EXISTS billing_creditnoteline_guard ON billing_creditnoteline;
CREATE TRIGGER billing_creditnoteline_guard BEFORE UPDATE OR DELETE ON billing_creditnoteline
    FOR EACH ROW EXECUTE FUNCTION mutualis_document_line_guard('billing_creditnote');
DROP TRIGGER IF EXISTS billing_payment_guard ON billing_payment;
CREATE TRIGGER billing_payment_guard BEFORE UPDATE OR DELETE ON billing_payment
    FOR EACH ROW EXECUTE FUNCTION mutualis_payment_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS billing_invoice_guard ON billing_invoice;
DROP TRIGGER IF EXISTS billing_creditnote_guard ON billing_creditnote;
DROP TRIGGER IF EXISTS billing_invoiceline_guard ON billing_invoiceline;
DROP TRIGGER IF EXISTS billing_creditnoteline_guard ON billing_creditnoteline;
DROP TRIGGER IF EXISTS billing_payment_guard ON billing_payment;
DROP FUNCTION IF EXISTS mutualis_document_guard();
DROP FUNCTION IF EXISTS mutualis_document_line_guard();
DROP FUNCTION IF EXISTS mutualis_payment_guard();
DROP FUNCTION IF EXISTS mutualis_rewrite_allowed();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD, params=None)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("billing", "0005_alter_creditnoteline_kind_alter_invoiceline_kind")]

    operations = [migrations.RunPython(guard, unguard)]
